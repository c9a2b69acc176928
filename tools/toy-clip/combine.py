#!/usr/bin/python3
"""A model folder with links to every file of a CLIP repo, plus the combined onnx/model.onnx and
onnx/model_quantized.onnx that only transformers.js's zero-shot pipeline loads, built from the repo's encoders.
The committed toy leaves them out (they would double its size); the benchmark builds them here.

  /usr/bin/python3 tools/toy-clip/combine.py fixtures/models/cliptag/toy-clip .cache/bench-models/cliptag/toy-clip

Needs only Debian's python3-onnx and python3-numpy. A combined file is rebuilt only when it is missing or
older than the files it is built from.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    from toyclip import combined  # noqa: E402
except ImportError as error:
    sys.exit(f"{error}: install Debian's python3-onnx and python3-numpy (run with /usr/bin/python3)")


def link_files(repo_dir, out_dir):
    """Relative links in out_dir to every file under repo_dir at the same paths, but combined models: built here."""
    built = {combined_file for _, _, combined_file in combined.FILES.values()}
    for folder, _, files in os.walk(repo_dir):
        target_folder = os.path.join(out_dir, os.path.relpath(folder, repo_dir))
        os.makedirs(target_folder, exist_ok=True)
        for name in set(files) - built:
            link = os.path.join(target_folder, name)
            if os.path.lexists(link):
                os.remove(link)
            os.symlink(os.path.relpath(os.path.join(folder, name), target_folder), link)


def up_to_date(path, sources):
    return os.path.exists(path) and os.path.getmtime(path) >= max(os.path.getmtime(s) for s in sources)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    repo_dir, out_dir = sys.argv[1:]
    link_files(repo_dir, out_dir)
    for dtype, (_, _, combined_file) in combined.FILES.items():
        if up_to_date(os.path.join(out_dir, "onnx", combined_file), combined.sources(repo_dir, dtype)):
            continue
        start = time.time()
        path = combined.write_combined(repo_dir, os.path.join(out_dir, "onnx"), dtype)
        print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB) in {(time.time() - start) * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
