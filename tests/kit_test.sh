#!/bin/sh
# The kernel-API kit's switch (docs/PORTING.md, "Where the kit and the
# kernel differ"): built with WDK_PTE_WRITE_FAILS=0, a page-table write
# through the kit cannot fail, as in a real kernel.  test_wdk then expects
# MmMapIoSpace to succeed under an injected pte-set fault, and the correct
# vendor core still replays and sweeps the corpus clean: the model never
# expects a pte-set failure the kit never lets happen.  Its own objects:
# the flag changes the kit's, and the Makefile does not track flags.
set -eu
cd "$(dirname "$0")/.."
D=out/kit-pte0
make -s -j2 OUT=$D WDK_PTE_WRITE_FAILS=0 CORE=tests/vendor/ndis_ok.c CORE_CFLAGS=-std=gnu11 \
	$D/tests/test_wdk $D/mapfuzz
$D/tests/test_wdk
$D/mapfuzz replay out/corpus/fuzz_map/*.bin >$D/replay.log || { tail -5 $D/replay.log; exit 1; }
$D/mapfuzz sweep out/corpus/fuzz_map/*.bin >$D/sweep.log || { tail -5 $D/sweep.log; exit 1; }
tail -1 $D/sweep.log
