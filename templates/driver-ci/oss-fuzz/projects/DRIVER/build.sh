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
# projects/<driver>/build.sh: fuzz_driver for the driver's directory.
# PLACEHOLDER: MAPFUZZ_DRIVER_DIR, the directory of the driver's .c files
# in its repository ("." when they are at the root); DRIVER_CFLAGS its -I/-D.
exec "$SRC/mapfuzz/scripts/oss_fuzz_driver.sh" "$SRC/driver/${MAPFUZZ_DRIVER_DIR:-.}"
