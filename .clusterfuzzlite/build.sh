#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: the compiler, flags and fuzzing engine
# come from the environment ($CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE).
# The kernel source is fetched at build time, never stored in the repository.
set -euo pipefail
cd "$SRC/kctx"
tree=$(python3 tools/kctx.py kernel fetch 6.12 | sed -n 's|^swiotlb \(.*\)/kernel/dma/swiotlb.c$|\1|p')
test -n "$tree"

mkdir -p build/oss && cd build/oss
printf 'kctx_variant("oss" "%s" "")\n' "$tree" > kctx-variants.cmake
cmake ../.. -G Ninja -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKCTX_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" -DKCTX_TESTS=OFF -DPython3_EXECUTABLE="$(command -v python3)"
ninja kctx-fuzz-oss kctx-fuzz-scenario kctx-tool
cp kctx-fuzz-oss "$OUT/kctx_swiotlb_fuzzer"
cp fuzz/kctx-fuzz-scenario "$OUT/kctx_scenario_fuzzer"
cp ../../corpus/swiotlb.dict "$OUT/kctx_swiotlb_fuzzer.dict"
cp ../../corpus/swiotlb.options "$OUT/kctx_swiotlb_fuzzer.options"
# Seed corpora: binary inputs encoded from the scenarios, and the scenarios themselves.
mkdir -p seeds
for f in ../../corpus/seeds/*.kctx ../../corpus/repro/*.kctx; do
  harness/kctx-tool encode "$f" -o "seeds/$(basename "$f" .kctx)"
done
(cd seeds && zip -q "$OUT/kctx_swiotlb_fuzzer_seed_corpus.zip" *)
(cd ../../corpus && zip -q "$OUT/kctx_scenario_fuzzer_seed_corpus.zip" seeds/*.kctx repro/*.kctx)
