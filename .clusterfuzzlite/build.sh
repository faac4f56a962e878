#!/bin/bash -eu
# ClusterFuzzLite build: the same as OSS-Fuzz's (oss-fuzz/build.sh).
cd "$SRC/mapfuzz"
exec "$SRC/mapfuzz/oss-fuzz/build.sh"
