#!/bin/bash -eu
# Copyright 2026 The mapfuzz Authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
################################################################################
# ClusterFuzzLite build of a driver repository: fuzz_driver for the driver's
# directory (MAPFUZZ_DRIVER_DIR, relative to the repository; PLACEHOLDER:
# set it here or in the workflow; "." when the .c files are at the root).
# DRIVER_CFLAGS: the driver's own -I/-D, as its build passes them.
exec "$SRC/mapfuzz/scripts/oss_fuzz_driver.sh" "$SRC/driver/${MAPFUZZ_DRIVER_DIR:-.}"
