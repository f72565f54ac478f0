#!/usr/bin/env bash
# Real-GPU check of the webgpu backend, for a machine with a GPU (run from anywhere):
#   1. the GPU and whether a Vulkan driver for it exists (nvidia-smi, vulkaninfo --summary,
#      the Vulkan ICD files), and the adapter Dawn finds (bench/gpu-check.ts probe);
#   2. the reference CNN (batch 64) and a larger CNN (batch 256, 32x32x3, 4 conv layers)
#      trained on webgpu and on our wasm backend on this machine's CPU;
#   3. the same two models in PyTorch on the GPU, if a CUDA build of PyTorch is importable.
# Writes the summary (bench/gpu-check.ts summary) to stdout and to $OUT/gpu.json when OUT
# is set. Every step has a timeout and the whole run stays under 5 minutes; a step that
# fails or times out is recorded as not measured, with the reason, never guessed.
#
# Needs Node 24 and the npm packages (node_modules). Where the machine has neither, carry
# the folder bench/gpu-pack.sh makes (bench/results/gpu-pack: a slim node_modules, and a
# Node 24 binary with --with-node); this script uses it when it finds it.
set -uo pipefail
cd "$(dirname "$0")/.."

BUDGET=${GPU_CHECK_BUDGET:-285}   # seconds for everything, summary included
MEASURE_SECONDS=${GPU_CHECK_SECONDS:-12}
START=$(date +%s)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
note() { echo "$*" >> "$DIR/notes.txt"; echo "gpu-check: $*" >&2; }
left() { echo $(( BUDGET - ($(date +%s) - START) )); }
# run LIMIT OUTFILE CMD...: CMD with a timeout of min(LIMIT, time left - 15 s for the summary); output appended to OUTFILE.
run() {
  local limit=$1 out=$2; shift 2
  local t; t=$(left); t=$(( t - 15 < limit ? t - 15 : limit ))
  if [ "$t" -lt 5 ]; then note "skipped (time budget spent): $*"; return 124; fi
  timeout -k 5 "$t" "$@" >> "$out" 2>> "$DIR/stderr.txt"
  local rc=$?
  [ $rc -eq 124 ] || [ $rc -eq 137 ] && note "timed out after ${t}s: $*"
  [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ $rc -ne 137 ] && note "failed (exit $rc): $* -- $(tail -n 2 "$DIR/stderr.txt" | tr '\n' ' ')"
  return $rc
}

# ---- Node 24 and the packages (from bench/results/gpu-pack when absent) ----
PACK=bench/results/gpu-pack
NODE=node
major=$($NODE -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 24 ] && [ -f "$PACK/node.xz" ]; then
  xz -dc "$PACK/node.xz" > "$DIR/node" && chmod +x "$DIR/node" && NODE="$DIR/node"
  major=$($NODE -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  note "using the packed Node $($NODE --version 2>/dev/null)"
fi
[ -d node_modules ] || { [ -d "$PACK/node_modules" ] && ln -s "$PACK/node_modules" node_modules && note "using the packed node_modules ($PACK)"; }
HAVE_NODE=1
if [ "$major" -lt 24 ]; then note "Node 24 not found (have: $($NODE --version 2>/dev/null || echo none)): no webgpu or wasm figures"; HAVE_NODE=0; fi
if [ ! -d node_modules/@tensorflow/tfjs ]; then note "node_modules missing (npm ci, or carry bench/results/gpu-pack): no webgpu or wasm figures"; HAVE_NODE=0; fi

# ---- 1. the GPU and its Vulkan driver ----
run 15 "$DIR/nvidia-smi.txt" nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || note "nvidia-smi unavailable"
if command -v vulkaninfo >/dev/null; then
  run 30 "$DIR/vulkaninfo.txt" vulkaninfo --summary || true
else
  note "vulkaninfo not installed (Debian: vulkan-tools); the Vulkan driver is judged from the ICD files and Dawn's adapter"
fi
for d in /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d "$HOME/.local/share/vulkan/icd.d"; do
  ls "$d"/*.json 2>/dev/null
done > "$DIR/icd.txt"
[ -s "$DIR/icd.txt" ] || note "no Vulkan ICD file: no Vulkan driver is installed (NVIDIA: the driver's Vulkan part, nvidia_icd.json; in a container, NVIDIA_DRIVER_CAPABILITIES must include graphics)"
grep -qi nvidia "$DIR/nvidia-smi.txt" 2>/dev/null && ! grep -qi nvidia "$DIR/icd.txt" && note "an NVIDIA GPU without an NVIDIA Vulkan ICD: webgpu (Dawn on Vulkan) cannot reach it"
{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libvulkan.so.1' || note "libvulkan.so.1 not found by ldconfig (Debian: libvulkan1)"

# ---- 2. our backends ----
WEBGPU=0
if [ $HAVE_NODE = 1 ]; then
  run 60 "$DIR/probe.json" "$NODE" bench/gpu-check.ts probe
  if grep -q '"ok":true' "$DIR/probe.json" 2>/dev/null; then
    if grep -q '"software":true' "$DIR/probe.json"; then note "Dawn's only adapter is a software one (a CPU implementation): not a GPU, webgpu not measured"
    else WEBGPU=1; fi
  fi
  for model in large cnn; do
    [ $WEBGPU = 1 ] && { run $(( MEASURE_SECONDS + 45 )) "$DIR/ours.jsonl" "$NODE" bench/gpu-check.ts measure --backend webgpu --model $model --seconds "$MEASURE_SECONDS" || true; }
    run $(( MEASURE_SECONDS + 45 )) "$DIR/ours.jsonl" "$NODE" bench/gpu-check.ts measure --backend wasm --model $model --seconds "$MEASURE_SECONDS" || true
  done
fi

# ---- 3. PyTorch on the GPU ----
PY=${PYTHON:-python3}
if command -v "$PY" >/dev/null; then run 90 "$DIR/torch.jsonl" "$PY" bench/gpu_torch.py --seconds 8 || true
else note "no python3: no PyTorch figures"; fi
grep -h '"error"' "$DIR/torch.jsonl" 2>/dev/null | while read -r line; do note "pytorch: $line"; done

# ---- summary ----
if [ $HAVE_NODE = 1 ]; then
  timeout -k 5 30 "$NODE" bench/gpu-check.ts summary "$DIR" > "$DIR/gpu.json" 2>> "$DIR/stderr.txt" || note "summary failed"
fi
if [ ! -s "$DIR/gpu.json" ]; then
  # No Node: the raw step outputs, as JSON strings (nothing derived from them).
  python3 - "$DIR" > "$DIR/gpu.json" <<'EOF' || cat "$DIR"/*.txt
import json, os, sys
d = sys.argv[1]
read = lambda f: open(os.path.join(d, f)).read() if os.path.exists(os.path.join(d, f)) else None
print(json.dumps({k: read(f) for k, f in [('gpu', 'nvidia-smi.txt'), ('vulkaninfo', 'vulkaninfo.txt'), ('icdFiles', 'icd.txt'),
                                          ('torch', 'torch.jsonl'), ('notes', 'notes.txt')]}, indent=2))
EOF
fi
cat "$DIR/gpu.json"
if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && cp "$DIR/gpu.json" "$OUT/gpu.json" && cp "$DIR/stderr.txt" "$OUT/gpu-check-stderr.txt" 2>/dev/null; fi
echo "gpu-check: done in $(( $(date +%s) - START )) s" >&2
