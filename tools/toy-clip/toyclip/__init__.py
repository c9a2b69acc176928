"""cliptag toy CLIP: synthetic data, a small CLIP, HF-layout export, ONNX q8 quantizer."""
