"""Dynamic int8 quantization of an ONNX model with only the `onnx` package (no onnxruntime).

Every MatMul (and Gemm with transA=0, alpha=beta=1) whose B input is a constant 2-D float
initializer is rewritten as

    DynamicQuantizeLinear(A) -> A_q (uint8), A_scale, A_zp
    MatMulInteger(A_q, W_q, A_zp, W_zp) -> int32
    Cast(to=float) -> Mul(A_scale * W_scale) [-> Add(bias)]

with W quantized offline, per tensor, int8 symmetric (zero point 0), the same scheme as
onnxruntime.quantization.quantize_dynamic's default (QUInt8 activations, QInt8 weights).
ORT's CPU MatMulInteger accepts uint8 A with int8 B. Convolutions and Gathers are left in fp32.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def _quantize_weight(w):
    m = float(np.abs(w).max())
    scale = m / 127.0 if m > 0 else 1.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, np.float32(scale)


def quantize_dynamic(model: onnx.ModelProto, min_elements=0):
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    uses = {}
    for n in graph.node:
        for name in n.input:
            uses[name] = uses.get(name, 0) + 1

    new_nodes, new_inits = [], []
    dq_cache = {}  # activation name -> (q, scale, zp) names
    count = 0
    for node in graph.node:
        B = node.input[1] if len(node.input) > 1 else None
        ok = node.op_type in ("MatMul", "Gemm") and B in inits
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if ok:
            w = numpy_helper.to_array(inits[B])
            ok = w.ndim == 2 and w.dtype == np.float32 and w.size >= min_elements
        if ok and node.op_type == "Gemm":
            ok = attrs.get("transA", 0) == 0 and attrs.get("alpha", 1.0) == 1.0 and attrs.get("beta", 1.0) == 1.0
            if ok and attrs.get("transB", 0):
                w = w.T
        if not ok:
            new_nodes.append(node)
            continue
        count += 1
        base = f"{node.name or node.output[0]}_q{count}"
        A = node.input[0]
        if A not in dq_cache:
            names = (f"{A}_quantized", f"{A}_scale", f"{A}_zero_point")
            new_nodes.append(helper.make_node("DynamicQuantizeLinear", [A], list(names), name=f"{base}_dql"))
            dq_cache[A] = names
        a_q, a_s, a_zp = dq_cache[A]
        wq, ws = _quantize_weight(np.ascontiguousarray(w))
        wq_name, ws_name, wzp_name = f"{base}_W_quantized", f"{base}_W_scale", f"{base}_W_zero_point"
        new_inits += [numpy_helper.from_array(wq, wq_name), numpy_helper.from_array(np.array(ws, np.float32), ws_name),
                      numpy_helper.from_array(np.array(0, np.int8), wzp_name)]
        out = node.output[0]
        has_bias = node.op_type == "Gemm" and len(node.input) > 2 and node.input[2]
        y_int, y_f, s, y_mul = f"{base}_int32", f"{base}_float", f"{base}_scale", (f"{base}_nobias" if has_bias else out)
        new_nodes += [
            helper.make_node("MatMulInteger", [a_q, wq_name, a_zp, wzp_name], [y_int], name=f"{base}_mmi"),
            helper.make_node("Cast", [y_int], [y_f], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [a_s, ws_name], [s], name=f"{base}_scale_mul"),
            helper.make_node("Mul", [y_f, s], [y_mul], name=f"{base}_mul"),
        ]
        if has_bias:
            new_nodes.append(helper.make_node("Add", [y_mul, node.input[2]], [out], name=f"{base}_bias"))
        uses[B] -= 1

    keep = [i for i in graph.initializer if uses.get(i.name, 0) > 0]
    del graph.initializer[:]
    graph.initializer.extend(keep + new_inits)
    del graph.node[:]
    graph.node.extend(new_nodes)
    # DynamicQuantizeLinear needs opset >= 11
    for op in model.opset_import:
        if op.domain in ("", "ai.onnx") and op.version < 11:
            op.version = 11
    return model, count


def quantize_file(src, dst):
    m = onnx.load(src)
    m, n = quantize_dynamic(m)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return n
