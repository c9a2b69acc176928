import { describe, expect, it } from 'vitest';
import { minimiseLbfgs } from './lbfgs';

describe('minimiseLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    // f(x) = sum_i (i + 1)^2 (x_i - i)^2 / 2, minimum 0 at x_i = i.
    const n = 20;
    const result = minimiseLbfgs((x, gradient) => {
      let value = 0;
      for (let i = 0; i < n; i++) {
        const curvature = (i + 1) ** 2;
        value += (curvature * (x[i]! - i) ** 2) / 2;
        gradient[i] = curvature * (x[i]! - i);
      }
      return value;
    }, new Float64Array(n));
    expect(result.value).toBeLessThan(1e-10);
    result.x.forEach((value, i) => expect(value).toBeCloseTo(i, 6));
  });
  it("minimises Rosenbrock's function", () => {
    const result = minimiseLbfgs(
      (x, gradient) => {
        const [a, b] = [x[0]!, x[1]!];
        gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        gradient[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      new Float64Array([-1.2, 1]),
      { maxIterations: 1000 },
    );
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });
  it('does nothing at a minimum', () => {
    const result = minimiseLbfgs(
      (x, gradient) => {
        gradient[0] = 2 * x[0]!;
        return x[0]! ** 2;
      },
      new Float64Array([0]),
    );
    expect(result.iterations).toBe(0);
  });
});
