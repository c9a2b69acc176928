#!/usr/bin/python3
"""cliptag toy CLIP: train, export and write references.

  /usr/bin/python3 tools/toy-clip/make.py fixture            # train + export + references (committed folders)
  /usr/bin/python3 tools/toy-clip/make.py fixture --reuse    # same, from the checkpoint in .cache/toy-clip/
  /usr/bin/python3 tools/toy-clip/make.py cases              # preprocessing reference cases, from the checkpoint
  /usr/bin/python3 tools/toy-clip/make.py formats            # HEIC, TIFF and other format cases (heif-enc, no model)
  /usr/bin/python3 tools/toy-clip/make.py bench --out .cache/models   # random ViT-B/32-shaped model (not committed)
  /usr/bin/python3 tools/toy-clip/make.py siglip             # toy-siglip repo + references, from the checkpoint
  /usr/bin/python3 tools/toy-clip/make.py photos --out .cache/bench-photos --count 1200   # 640x480 benchmark JPEGs
  /usr/bin/python3 tools/toy-clip/make.py photos --phone --out .cache/bench/phone-photos --count 100   # 12 MP ones
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

from toyclip import cases, data, export, format_cases, model as M, photos, reference, siglip, tokenizer as T, train  # noqa: E402

MODEL_ID = "cliptag/toy-clip"
MODELS_ROOT = os.path.join(ROOT, "fixtures", "models")
MODEL_DIR = os.path.join(MODELS_ROOT, MODEL_ID)
REF_DIR = os.path.join(ROOT, "fixtures", "reference", "toy-clip")
PREPROCESS_DIR = os.path.join(ROOT, "fixtures", "reference", "preprocess")
FORMATS_DIR = os.path.join(ROOT, "fixtures", "reference", "formats")
CKPT = os.path.join(ROOT, ".cache", "toy-clip", "toy-clip.pt")
STAGE1_CKPT = os.path.join(ROOT, ".cache", "toy-clip", "stage1.pt")
STAGE2_DIR = os.path.join(ROOT, ".cache", "toy-clip", "stage2")
CONTEXT = 32
# A 12 MP phone camera's 4:3 photo, the size whose preparation the benchmark times.
PHONE_PHOTO_SIZE = (4000, 3000)


def log(msg):
    print(msg, flush=True)


def run_node_check(models_root, model_id, ref_dir, texts=None):
    args = ["node", os.path.join(HERE, "check_onnx.mjs"), models_root, model_id, ref_dir]
    tmp = None
    if texts is not None:
        fd, tmp = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(texts, f)
        args.append(tmp)
    try:
        res = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    finally:
        if tmp:
            os.unlink(tmp)
    return json.loads(res.stdout.strip().splitlines()[-1])


def tokenizer_test_texts(tok, seed):
    """Training captions and some awkward inputs, with the ids the Python side produces."""
    rng = np.random.default_rng(seed)
    _, metas = data.make_set(data.ALL_PAIRS, 2, seed=seed)
    texts = [data.caption_for(m, rng) for m in metas for _ in range(3)]
    texts += ["A Photo Of A RED Circle.", "a photo of a zebra.", "café-au-lait, please!!", "  spaces   everywhere ",
              "an orange star...", "12 red squares", "a " + "very " * 40 + "long label", ""]
    return [{"text": t, "input_ids": tok.encode(t)} for t in texts]


def load_checkpoint():
    """The trained model, its tokenizer (the training-only colours add words) and its training stats."""
    ck = torch.load(CKPT)
    stats = ck["stats"]
    tok = T.WordTokenizer(data.vocabulary_words(stats.get("extra_colours", False)), CONTEXT)
    model = M.CLIP(M.toy_config(tok.vocab_size))
    model.load_state_dict(ck["state"])
    model.eval()
    return model, tok, stats


def cmd_fixture(args):
    torch.set_num_threads(args.threads)
    seed = args.seed
    if args.reuse:
        model, tok, stats = load_checkpoint()
        args.extra_colours = stats.get("extra_colours", False)
        log(f"loaded {CKPT}")
    else:
        tok = T.WordTokenizer(data.vocabulary_words(args.extra_colours), CONTEXT)
        torch.manual_seed(seed)
        model = M.CLIP(M.toy_config(tok.vocab_size))
        stats = train_toy(model, tok, args)
        torch.save({"state": model.state_dict(), "stats": stats}, CKPT)
    model.eval()

    for d in (MODEL_DIR, REF_DIR):
        if os.path.isdir(d):
            shutil.rmtree(d)
    qinfo = export.write_repo(model, tok, MODEL_DIR, MODEL_ID)
    model.eval()
    ref, index = reference.write_reference(model, tok, REF_DIR, probe_seed=seed + 400, eval_seed=seed + 300)
    write_preprocess_references(model, tok)
    log(f"eval set (PyTorch): seen {index['top1_seen']:.4f} unseen {index['top1_unseen']:.4f}")

    # Bigger PyTorch-only evaluation, for information.
    s_imgs, s_meta = data.make_set(data.SEEN_PAIRS, 50, seed=seed + 500)
    u_imgs, u_meta = data.make_set(data.HELD_OUT, 250, seed=seed + 501)
    _, cs = train.zero_shot(model, tok, s_imgs, [train.pair_index(m["colour"], m["shape"]) for m in s_meta])
    _, cu = train.zero_shot(model, tok, u_imgs, [train.pair_index(m["colour"], m["shape"]) for m in u_meta])
    log(f"large eval (PyTorch): seen {cs.mean():.4f} unseen {cu.mean():.4f}")

    node = run_node_check(MODELS_ROOT, MODEL_ID, REF_DIR, tokenizer_test_texts(tok, seed + 600))
    log("node check: " + json.dumps(node))

    v, t = model.cfg.vision, model.cfg.text
    files = {}
    for dp, _, fs in os.walk(MODEL_DIR):
        for f in fs:
            p = os.path.join(dp, f)
            files[os.path.relpath(p, MODEL_DIR)] = os.path.getsize(p)
    card = {
        "model": MODEL_ID,
        "description": "A tiny CLIP trained by the cliptag project with CLIP's contrastive method on synthetic "
                       "captioned photos of coloured shapes. For tests only: it knows 6 colours x 4 shapes.",
        "regenerate": stats.get("command", "/usr/bin/python3 tools/toy-clip/make.py fixture"),
        "architecture": {
            "vision": f"conv stem ({len(v.stem) + 1} stride-2 3x3 conv+BatchNorm layers, channels {v.stem + [v.width]}) "
                      f"-> {(v.image_size // 16) ** 2} tokens + class token, learned position embeddings, pre-LN, "
                      f"{v.layers} pre-LN transformer blocks (width {v.width}, {v.heads} heads, MLP {v.mlp}, GELU), "
                      f"LN on class token, linear projection to {model.cfg.embed_dim}",
            "text": f"word embeddings (vocab {t.vocab_size}) + learned positions (context {t.context_length}), "
                    f"{t.layers} causal pre-LN transformer blocks (width {t.width}, {t.heads} heads, MLP {t.mlp}), "
                    f"attention_mask used as key-padding mask, final LN, pooled at argmax(input_ids) (EOS, the highest id), "
                    f"linear projection to {model.cfg.embed_dim}",
            "image_size": v.image_size, "projection_dim": model.cfg.embed_dim,
        },
        "parameters": {"vision": M.count_params(model.vision), "text": M.count_params(model.text),
                       "total": M.count_params(model)},
        "logit_scale": {"trained_log": float(model.logit_scale.item()), "exp": float(model.scale().item()),
                        "note": "config.json logit_scale_init_value holds the TRAINED log scale (HF stores the log); "
                                "exp(logit_scale_init_value) is the scale used for zero-shot probabilities"},
        "training": {
            "data": "synthetic 64x64 photos: one shape (circle, square, triangle, star) in one of 6 colours (red, green, "
                    "blue, yellow, purple, orange) with colour jitter, random position, size and rotation, on a white, "
                    "grey or black background (plain, gradient or blotchy texture), Gaussian noise; random horizontal "
                    "flips; a fresh random caption per sample from "
                    f"{len(data.TEMPLATES)} templates (with optional size and background words)"
                    + (f"; also shapes in {len(data.EXTRA_COLOURS)} colours that are never labels "
                       f"({', '.join(data.EXTRA_COLOURS)}), so that each shape is seen in many colours"
                       if args.extra_colours else ""),
            "held_out_pairs": [data.label_of(c, s) for c, s in data.HELD_OUT],
            "train_pairs": len(train.training_pairs(args.extra_colours)), "train_images": stats["train_images"],
            "loss": "symmetric cross-entropy over the batch with soft targets (uniform over items of the same "
                    "colour-shape pair); learned logit scale, init log(1/0.07), clamped at log(100)",
            "optimizer": f"AdamW lr {stats['lr']} (warmup + cosine), weight decay 0.05 on matrices, betas (0.9, 0.98)",
            "steps": stats["steps"], "batch_size": stats["batch"], "seed": seed,
            "training_wall_seconds": stats["train_seconds"],
            "machine": f"2-core CPU, torch 1.13 (Debian), OpenBLAS (1 thread), {args.threads} torch thread(s)",
            "history": stats["history"],
            "stage2": stage2_card(stats.get("stage2_cycles")),
        },
        "zero_shot_eval": {
            "prompts": "a photo of {a|an} {colour} {shape}. for all 24 pairs (softmax/argmax over all 24)",
            "eval_set": "fixtures/reference/toy-clip/eval (fresh seed; "
                        f"{index['n_seen']} photos of seen pairs, {index['n_unseen']} of unseen pairs)",
            "fp32_pytorch": {"top1_seen": index["top1_seen"], "top1_unseen": index["top1_unseen"]},
            "fp32_onnxruntime": {"top1_seen": node["fp32"]["top1_seen"], "top1_unseen": node["fp32"]["top1_unseen"]},
            "q8_onnxruntime": {"top1_seen": node["q8"]["top1_seen"], "top1_unseen": node["q8"]["top1_unseen"],
                               "min_cosine_vs_fp32": node["q8"]["min_cosine_vs_fp32"],
                               "probe_argmax_matches_fp32_reference": node["q8"]["probe_argmax_matches_reference"]},
            "large_eval_pytorch": {"top1_seen": float(cs.mean()), "n_seen": int(len(cs)),
                                   "top1_unseen": float(cu.mean()), "n_unseen": int(len(cu))},
        },
        "quantization": {
            "files": ["onnx/text_model_quantized.onnx", "onnx/vision_model_quantized.onnx"],
            "method": "dynamic: DynamicQuantizeLinear(A) -> MatMulInteger(A_q uint8, W_q int8 symmetric per-tensor) "
                      "-> Cast -> Mul(A_scale*W_scale) [-> Add bias]; conv stem and embeddings stay fp32 "
                      "(tools/toy-clip/toyclip/quantize.py)",
            "quantized_matmuls": qinfo,
        },
        "tokenizer": {
            "type": "WordLevel, lowercase normalizer, Whitespace pre-tokenizer (\\w+|[^\\w\\s]+), TemplateProcessing "
                    "<|startoftext|> ... <|endoftext|>",
            "vocab_size": tok.vocab_size, "unk_token": T.UNK, "unk_id": tok.unk_id, "bos_id": tok.bos_id,
            "eos_id": tok.eos_id, "pad": "<|endoftext|> (as CLIP)",
            "words": tok.words,
            "unknown_words": "map to <|unk|> (unk_token set in tokenizer.json and tokenizer_config.json)",
            "truncation_note": "transformers.js truncates after adding special tokens, so a text longer than "
                               f"{CONTEXT} tokens loses <|endoftext|> and pools at <|startoftext|>",
        },
        "files": dict(sorted(files.items())),
    }
    export.write_json(os.path.join(MODEL_DIR, "model_card.json"), card)
    ok = index["top1_seen"] >= 0.98 and index["top1_unseen"] >= 0.85
    log(f"card written; targets {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def train_toy(model, tok, args):
    """Stage 1 (one-shape photos, CLIP's loss), saved to STAGE1_CKPT; then stage 2 (several-shape photos and the
    tagging loss), which ends on its best validation checkpoint."""
    seed = args.seed
    train_set = train.training_set(seed, args.per_pair, args.extra_colours)
    validation = train.Validation(seed)
    os.makedirs(os.path.dirname(CKPT), exist_ok=True)
    if args.from_stage1:
        ck = torch.load(STAGE1_CKPT)
        model.load_state_dict(ck["state"])
        stats = ck["stats"]
        log(f"loaded {STAGE1_CKPT}")
    else:
        log(f"training: {M.count_params(model)} parameters, {len(train_set[0])} photos, {args.steps} steps")
        stats = train.train(model, tok, train_set, validation, steps=args.steps, seed=seed,
                            partial_p=args.partial_captions, log=log)
        torch.save({"state": model.state_dict(), "stats": stats}, STAGE1_CKPT)
    stats["extra_colours"] = args.extra_colours
    # The training command, for the card (a --from-stage1 run names the stage 1 it started from by its options).
    stats["command"] = "/usr/bin/python3 tools/toy-clip/make.py " + " ".join(a for a in sys.argv[1:] if a != "--from-stage1")
    # Stage 2 in cosine cycles, each from where the last ended on a fresh draw of batches (with 17 colours in
    # the batches one cycle ends with colours still loosely bound to shapes); the rule keeps the best of all.
    schedules = [(args.stage2_steps, args.stage2_lr)] + [(args.restart_steps, args.restart_lr)] * args.restarts
    shares = args.three_shape_share * len(schedules) if len(args.three_shape_share) == 1 else args.three_shape_share
    if len(shares) != len(schedules):
        raise SystemExit(f"--three-shape-share takes one value or one per stage 2 cycle ({len(schedules)}), not {len(shares)}")
    cycles = [(steps, lr, share) for (steps, lr), share in zip(schedules, shares)] if args.stage2_steps > 0 else []
    best = None
    for cycle, (steps, lr, three_share) in enumerate(cycles, start=1):
        cycle_stats, best = train.train_multilabel(
            model, tok, train_set, validation, steps=steps, seed=seed + cycle - 1, lr=lr, scenes=args.scenes,
            scene_share=args.scene_share, three_share=three_share, tag_weight=args.tag_weight, tag_margin=args.tag_margin,
            extra_colours=args.extra_colours, checkpoint_dir=STAGE2_DIR, cycle=cycle, best=best,
            end_on_best=cycle == len(cycles), log=log)
        stats.setdefault("stage2_cycles", []).append(cycle_stats)
    return stats


def stage2_card(cycles):
    if not cycles:
        return None
    return {
        "what": "a continuation of the contrastive training where a share of each batch are photos of 2 or 3 shapes "
                "(training pairs only, never a held-out one) captioned with all of them (\"a red circle and a blue star\"), plus a tagging loss: "
                "the app's rule sigmoid(scale x (cos(photo, label) - cos(photo, neutral prompts))) against whether the "
                "photo shows the label, for every training pair under one of the app's templates per step "
                "(positives and negatives weighed the same); in warmup + cosine cycles, each from where the last "
                "ended, on the next seed's batches",
        "kept": "the validation checkpoint (every 200 steps, each cycle's start included) with the best val_unseen + "
                "val_tag_f1 among those with val_seen >= 0.98, over all cycles; validation photos have their own seeds",
        **{k: cycles[0][k] for k in ("batch", "scene_photos", "scene_share", "tag_weight", "tag_margin")},
        "kept_checkpoint": cycles[-1]["kept"],
        "cycles": [{"steps": c["steps"], "lr": c["lr"], "three_shape_share": c["three_shape_share"],
                    "training_wall_seconds": c["train_seconds"], "history": c["history"]} for c in cycles],
    }


def write_preprocess_references(model, tok):
    if os.path.isdir(PREPROCESS_DIR):
        shutil.rmtree(PREPROCESS_DIR)
    index = cases.write_cases(model, tok, PREPROCESS_DIR)
    cases.write_resize_vectors(os.path.join(PREPROCESS_DIR, "resize"))
    for case in index["cases"]:
        log(f"case {case['file']}: {case['width']}x{case['height']} true {case['true_label']}, "
            f"argmax {index['prompts'][case['argmax']]['label']}")


def cmd_cases(args):
    """Preprocessing references only, from the trained checkpoint: no training, no re-export."""
    model, tok, _ = load_checkpoint()
    write_preprocess_references(model, tok)
    return 0


def cmd_formats(args):
    """More photo formats and layouts (HEIC, TIFF, wide RGBA, oriented WebP, transparent GIF): PIL pixels only."""
    format_cases.write_format_cases(FORMATS_DIR)
    log(f"wrote {os.path.relpath(FORMATS_DIR, ROOT)}")
    return 0


def cmd_bench(args):
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    tok = T.WordTokenizer(data.vocabulary_words(), 77, vocab_size=49408)
    cfg = M.vit_b32_config()
    model = M.CLIP(cfg)
    for n, p in model.named_parameters():
        if p.ndim >= 2:
            torch.nn.init.normal_(p, std=0.02)
    model.eval()
    out = os.path.join(os.path.abspath(args.out), "cliptag", "clip-vit-b32-random")
    if os.path.isdir(out):
        shutil.rmtree(out)
    t0 = time.time()
    qinfo = export.write_repo(model, tok, out, "cliptag/clip-vit-b32-random", combined=True)
    # Real CLIP's tokenizer replaces the word list's, so text timings see real prompt lengths; the ids agree
    # where the model needs them to (vocabulary 49408, start and end of text 49406 and 49407, end = pad).
    write_clip_tokenizer(out)
    card = {"model": "cliptag/clip-vit-b32-random",
            "description": "UNTRAINED (random init, seed %d) model with CLIP ViT-B/32's real shapes, for benchmarks only" % args.seed,
            "tokenizer": "OpenAI's CLIP BPE (49,408 tokens), written by tools/clip-tokenizer/make-tokenizer.mjs",
            "parameters": {"vision": M.count_params(model.vision), "text": M.count_params(model.text)},
            "config": cfg.to_dict(), "quantized_matmuls": qinfo, "export_seconds": round(time.time() - t0, 1)}
    export.write_json(os.path.join(out, "model_card.json"), card)
    log(f"wrote {out} in {time.time() - t0:.0f}s")
    res = subprocess.run(["node", os.path.join(HERE, "check_load.mjs"), os.path.join(os.path.abspath(args.out)),
                          "cliptag/clip-vit-b32-random"], cwd=ROOT, capture_output=True, text=True)
    log("transformers.js load check: " + (res.stdout.strip() or res.stderr.strip()[-2000:]))
    for dp, _, fs in os.walk(out):
        for f in sorted(fs):
            log(f"  {os.path.relpath(os.path.join(dp, f), out)}  {os.path.getsize(os.path.join(dp, f)) / 1e6:.1f} MB")
    return res.returncode


def write_clip_tokenizer(out):
    subprocess.run(["node", os.path.join(ROOT, "tools", "clip-tokenizer", "make-tokenizer.mjs"), out], cwd=ROOT, check=True)


def cmd_siglip(args):
    """toy-siglip: the trained toy CLIP's weights in a SigLIP repo layout, plus sigmoid-score references."""
    t0 = time.time()
    model, tok, _ = load_checkpoint()
    model_dir = os.path.join(MODELS_ROOT, siglip.MODEL_ID)
    ref_dir = os.path.join(ROOT, "fixtures", "reference", "toy-siglip")
    for d in (model_dir, ref_dir):
        if os.path.isdir(d):
            shutil.rmtree(d)
    info = siglip.write_fixture(model, tok, model_dir, ref_dir, REF_DIR, ROOT, exact_weights=args.exact_weights)
    log("toy-siglip: " + json.dumps(info))
    for d in (model_dir, ref_dir):
        for dp, _, fs in os.walk(d):
            for f in sorted(fs):
                p = os.path.join(dp, f)
                log(f"  {os.path.relpath(p, ROOT)}  {os.path.getsize(p)} bytes")
    log(f"done in {time.time() - t0:.0f}s")
    return 0


def cmd_photos(args):
    t0 = time.time()
    width, height = PHONE_PHOTO_SIZE if args.phone else (640, 480)
    names = photos.write_bench_photos(os.path.abspath(args.out), args.count, args.seed, width, height, args.phone)
    log(f"wrote {len(names)} photos to {args.out} in {time.time() - t0:.0f}s")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fixture", help="train + export + references into fixtures/")
    f.add_argument("--steps", type=int, default=1400)
    f.add_argument("--threads", type=int, default=1,
                   help="torch threads (2 is faster on an idle 2-core machine, 1 is far faster when another "
                        "process is busy; the thread count can change the trained weights in the last bits)")
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--partial-captions", type=float, default=0.0,
                   help="share of colour-only/shape-only captions (tried at 0.3: unseen-pair accuracy got worse)")
    f.add_argument("--per-pair", type=int, default=1200, help="one-shape training photos per colour-shape pair")
    f.add_argument("--extra-colours", action="store_true",
                   help="also train on shapes in 11 colours that are never labels (pink, brown, cyan, lime, navy, teal, "
                        "maroon, olive, magenta, sky, tan), so that colour and shape are learnt apart (tools/toy-clip/README.md)")
    f.add_argument("--stage2-steps", type=int, default=0,
                   help="steps of stage 2 (several-shape photos and the tagging loss); 0 skips it")
    f.add_argument("--stage2-lr", type=float, default=3e-4)
    f.add_argument("--scenes", type=int, default=8000, help="photos of several shapes drawn for stage 2")
    f.add_argument("--scene-share", type=float, default=0.25, help="share of several-shape photos in stage 2 batches")
    f.add_argument("--three-shape-share", type=float, nargs="+", default=[0.4],
                   help="share of stage 2's several-shape photos that have 3 shapes rather than 2: one value for every cycle, or one per cycle")
    f.add_argument("--tag-weight", type=float, default=1.0, help="weight of the tagging loss in stage 2")
    f.add_argument("--tag-margin", type=float, default=0.0,
                   help="logits added to the tagging loss's scores in stage 2, so that the app's rule is stricter than trained")
    f.add_argument("--restarts", type=int, default=0,
                   help="more stage 2 cycles (warmup + cosine again, the next seed's batches), each from where the last ended")
    f.add_argument("--restart-steps", type=int, default=1800, help="steps of each further stage 2 cycle")
    f.add_argument("--restart-lr", type=float, default=5e-4, help="peak learning rate of each further stage 2 cycle")
    f.add_argument("--from-stage1", action="store_true",
                   help=f"start stage 2 from {os.path.relpath(STAGE1_CKPT, ROOT)} instead of training stage 1")
    f.add_argument("--reuse", action="store_true", help=f"load the checkpoint {os.path.relpath(CKPT, ROOT)} instead of training")
    sub.add_parser("cases", help=f"preprocessing reference cases from {os.path.relpath(CKPT, ROOT)}")
    sub.add_parser("formats", help="HEIC, TIFF and other format cases with PIL's pixels (needs heif-enc, no model)")
    b = sub.add_parser("bench", help="random-init model with CLIP ViT-B/32 shapes")
    b.add_argument("--out", required=True)
    b.add_argument("--seed", type=int, default=0)
    sg = sub.add_parser("siglip", help=f"toy-siglip (SigLIP repo layout) + references from {os.path.relpath(CKPT, ROOT)}")
    sg.add_argument("--exact-weights", action="store_true",
                    help="keep the checkpoint's float32 weights bit for bit (4.0 MB) instead of float16-rounded (2.4 MB)")
    ph = sub.add_parser("photos", help="distinct 640x480 JPEGs for the benchmark (--phone: 4000x3000 camera-like)")
    ph.add_argument("--phone", action="store_true",
                    help="12 MP (4000x3000) photos with a camera's light falloff, texture and noise")
    ph.add_argument("--out", required=True)
    ph.add_argument("--count", type=int, default=1200)
    ph.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    commands = {"fixture": cmd_fixture, "cases": cmd_cases, "formats": cmd_formats, "bench": cmd_bench, "siglip": cmd_siglip, "photos": cmd_photos}
    return commands[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
