/** The objective's value at x, with its gradient written into gradient. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when the gradient's largest component is below this. */
  tolerance?: number;
  maxIterations?: number;
  /** How many past steps shape the curvature estimate. */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (const value of a) max = Math.max(max, Math.abs(value));
  return max;
}

/**
 * Minimises a smooth convex function with limited-memory BFGS (Nocedal & Wright, algorithm 7.4) and a
 * backtracking line search: a few hundred parameters to a few hundred thousand, in float64 so that
 * the answer matches a reference solver to many digits.
 */
export function minimiseLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const tolerance = options.tolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 500;
  const memory = options.memory ?? 10;
  const n = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const rhos: number[] = [];
  let iterations = 0;
  while (iterations < maxIterations && maxAbs(gradient) > tolerance) {
    iterations++;
    // Two-loop recursion: direction = -H * gradient.
    const direction = Float64Array.from(gradient);
    const alphas: number[] = [];
    for (let k = steps.length - 1; k >= 0; k--) {
      const alpha = rhos[k]! * dot(steps[k]!, direction);
      alphas[k] = alpha;
      const change = gradientChanges[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= alpha * change[i]!;
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      const gamma = dot(steps[last]!, gradientChanges[last]!) / dot(gradientChanges[last]!, gradientChanges[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dot(gradient, gradient)));
      for (let i = 0; i < n; i++) direction[i]! *= scale;
    }
    for (let k = 0; k < steps.length; k++) {
      const beta = rhos[k]! * dot(gradientChanges[k]!, direction);
      const step = steps[k]!;
      for (let i = 0; i < n; i++) direction[i]! += step[i]! * (alphas[k]! - beta);
    }
    for (let i = 0; i < n; i++) direction[i] = -direction[i]!;
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (curvature estimate gone stale): restart from steepest descent.
      steps.length = gradientChanges.length = rhos.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      slope = -dot(gradient, gradient);
    }
    let stepLength = 1;
    const next = new Float64Array(n);
    const nextGradient = new Float64Array(n);
    let nextValue = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) next[i] = x[i]! + stepLength * direction[i]!;
      nextValue = objective(next, nextGradient);
      if (nextValue <= value + 1e-4 * stepLength * slope) break;
      stepLength /= 2;
    }
    if (!(nextValue < value)) break; // No progress possible at float64 precision.
    const step = new Float64Array(n);
    const change = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      step[i] = next[i]! - x[i]!;
      change[i] = nextGradient[i]! - gradient[i]!;
    }
    const curvature = dot(step, change);
    if (curvature > 1e-12) {
      steps.push(step);
      gradientChanges.push(change);
      rhos.push(1 / curvature);
      if (steps.length > memory) {
        steps.shift();
        gradientChanges.shift();
        rhos.shift();
      }
    }
    x = next;
    gradient = nextGradient;
    value = nextValue;
  }
  return { x, value, iterations };
}
