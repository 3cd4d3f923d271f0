#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: the compiler, flags and fuzzing engine
# come from the environment ($CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE).
#
# The kernel source is never stored in the repository.  The image downloads
# the pinned linux-source .deb (tools/kctxlib/kernel.py, PINNED) into $SRC;
# kctx checks its SHA-256 and unpacks the files it reads.  Without that file
# (a Debian machine, the ci/test rehearsal) apt fetches the same version.
#
# What is fuzzed (a kernel where a report is news, README "Continuous
# fuzzing"):
#   KCTX_CFL_KERNEL   kernel version or tree (default: the pinned 6.12.117)
#   KCTX_CFL_PATCHES  patch set, relative to the repository or absolute
#                     (default: the seed fix, swiotlb/patches/dyn-free-process-context;
#                     "none" for the kernel as released)
# The reports corpus/repro expects of that kernel and patch set go to
# $OUT/kctx_swiotlb_fuzzer.suppress (tools/known-keys): the target prints each
# once and goes on fuzzing.
set -euo pipefail
cd "$SRC/kctx"
kctx="python3 tools/kctx.py"

kernel=${KCTX_CFL_KERNEL:-6.12.117}
deb=$(ls "$SRC"/linux-source-*.deb 2>/dev/null | head -n1 || true)
if [ -n "$deb" ] && [ -z "${KCTX_CFL_KERNEL:-}" ]; then
  $kctx kernel fetch --from "$deb" >/dev/null
fi
tree=$($kctx kernel fetch "$kernel" | sed -n 's|^swiotlb \(.*\)/kernel/dma/swiotlb.c$|\1|p')
test -n "$tree"
patches=${KCTX_CFL_PATCHES:-swiotlb/patches/dyn-free-process-context}
# the reports corpus/repro expects of this kernel and patch set are known: the target skips them
version=$($kctx kernel fetch "$kernel" | sed -n 's/^kernel //p')
known=(--kernel "$version")
case "$patches" in
  none) patches="" ;;
  /*) known+=(--patches "$patches") ;;
  *) known+=(--patches "$patches"); patches="$SRC/kctx/$patches" ;;
esac

mkdir -p build/oss && cd build/oss
# named by the kernel version, which reports print as the release ("6.12.117-kctx")
printf 'kctx_variant("%s" "%s" "%s")\n' "$version" "$tree" "$patches" > kctx-variants.cmake
cmake ../.. -G Ninja -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKCTX_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" -DKCTX_TESTS=OFF -DPython3_EXECUTABLE="$(command -v python3)"
ninja "kctx-fuzz-$version" kctx-fuzz-scenario kctx-tool
cp "kctx-fuzz-$version" "$OUT/kctx_swiotlb_fuzzer"
cp fuzz/kctx-fuzz-scenario "$OUT/kctx_scenario_fuzzer"
cp ../../corpus/swiotlb.dict "$OUT/kctx_swiotlb_fuzzer.dict"
cp ../../corpus/swiotlb.options "$OUT/kctx_swiotlb_fuzzer.options"
python3 ../../tools/known-keys "${known[@]}" -o "$OUT/kctx_swiotlb_fuzzer.suppress"
# Seed corpora: binary inputs encoded from the scenarios, and the scenarios themselves.
mkdir -p seeds
# (a known memory error is resumed as KASAN resumes it, so the ones that expect one are seeds too)
for f in ../../corpus/seeds/*.kctx ../../corpus/repro/*.kctx; do
  harness/kctx-tool encode "$f" -o "seeds/$(basename "$f" .kctx)"
done
rm -f "$OUT/kctx_swiotlb_fuzzer_seed_corpus.zip" "$OUT/kctx_scenario_fuzzer_seed_corpus.zip"
(cd seeds && zip -q "$OUT/kctx_swiotlb_fuzzer_seed_corpus.zip" *)
(cd ../../corpus && zip -q "$OUT/kctx_scenario_fuzzer_seed_corpus.zip" seeds/*.kctx repro/*.kctx)
