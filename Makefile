# mapfuzz: the one build description.  build.sh drives it; everything lands
# in $(OUT).  A flavour is a compiler and flags; each source is compiled once
# per flavour by the single template below.
#
#   make CORE=path/to/core.c     build against another mapping core
#   make OUT=out/x               build into another directory
#   make CORE_CFLAGS=-w          extra flags for the core's own unit only
#   make WDK_PTE_WRITE_FAILS=0   the kit's page-table writes cannot fail (docs/PORTING.md)

OUT  ?= out
CORE ?= src/core/core_ref.c
# Extra flags for the core's compile line only, after its warnings (a later
# -std wins).
CORE_CFLAGS ?=
WDK_PTE_WRITE_FAILS ?= 1

WARN  := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
# Foreign code builds as it is: a core that is not the project's own (the
# reference core, tests/alt_core/ and the seeded-bug copies <dir>/bugs/<bug>.c
# are) gets the project's warnings shown, not fatal, in GNU C as kernel code
# is written (typeof, statement expressions).  Our own files keep -Werror.
OWN_CORE  = $(filter $(realpath .)/src/% $(realpath .)/tests/alt_core/% $(addprefix %/bugs/,$(addsuffix .c,$(BUGS))),$(realpath $(CORE)))
CORE_WARN = $(if $(OWN_CORE),$(WARN),$(filter-out -Werror -std=c11,$(WARN)) -std=gnu11)
# include/wdk is the kernel-API kit a vendor core includes (wdk.h).
INCS  := -Iinclude -Iinclude/wdk -Isrc -Ifuzz -D_POSIX_C_SOURCE=200809L -DWDK_PTE_WRITE_FAILS=$(WDK_PTE_WRITE_FAILS)
SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# flavour: compiler, compile flags, link flags
CC_asan  := clang
CF_asan  := -O1 -g $(SAN)
TRACE_asan := -fsanitize=fuzzer-no-link
NOCMP_asan := -fno-sanitize-coverage=trace-cmp
LF_asan  := $(SAN)
CC_gcc   := gcc
CF_gcc   := -O1 -g $(SAN)
LF_gcc   := $(SAN)
CC_msan  := clang
CF_msan  := -O1 -g -fsanitize=memory -fsanitize-memory-track-origins -fno-omit-frame-pointer
TRACE_msan := -fsanitize=fuzzer-no-link
NOCMP_msan := -fno-sanitize-coverage=trace-cmp
LF_msan  := -fsanitize=memory
# The CLI (out/mapfuzz, and out/cores/<name>/mapfuzz that prove, triage and
# review build): ASan+UBSan at -O2 with no coverage tracing (it is in no fuzz
# target) on everything whose memory the core touches: the core, the kit,
# the platform (its seams write through the core's pointers), map.c (the
# core writes the VirtualAddress into its frame) and the rest of the CLI.
# The judge (JUDGE_SRCS: the model, the checks, the program decoder) is
# memory the core never sees, and is built as in the fast build; its
# ASan+UBSan runs are the unit tests and the fuzz targets, its MSan runs
# msan's (docs/PROVE.md, "How the proof is sanitized").
CC_cli   := clang
CF_cli   := -O2 -g $(SAN)
CF_JUDGE_cli := -O2 -g -fno-omit-frame-pointer
LF_cli   := $(SAN)
CC_fast  := clang
CF_fast  := -O2 -g
LF_fast  :=
# AFL++ (docs/ENGINES.md): afl-clang-fast with ASan+UBSan, and the CMPLOG
# build afl-fuzz -c wants.  Linked with the persistent-mode shared-memory
# driver AFL++ ships (libAFLDriver.a).
CC_afl    := AFL_QUIET=1 afl-clang-fast
CF_afl    := -O1 -g $(SAN)
LF_afl    := $(SAN)
CC_cmplog := AFL_QUIET=1 AFL_LLVM_CMPLOG=1 afl-clang-fast
# UNTRACED_SRCS carry no AFL++ instrumentation either: plain clang, same flags.
CC_UNTRACED_afl    := clang
CC_UNTRACED_cmplog := clang
CF_cmplog := $(CF_afl)
LF_cmplog := $(LF_afl)
AFL_DRIVER ?= $(firstword $(wildcard /usr/lib/afl/libAFLDriver.a /usr/local/lib/afl/libAFLDriver.a) libAFLDriver.a)
# Position-independent, unsanitised: the AFL++ custom mutator, which runs
# inside afl-fuzz itself.
CC_pic   := clang
CF_pic   := -O2 -g -fPIC
LF_pic   := -shared
# Source-based coverage of the CLI: no sanitizers.
CC_cov   := clang
CF_cov   := -O0 -g -fprofile-instr-generate -fcoverage-mapping
LF_cov   := -fprofile-instr-generate -fcoverage-mapping

# One folder per concern (docs/DESIGN.md): the core under test is CORE, the
# rest is the harness every core links.
PLAT_SRCS    := $(sort $(wildcard src/platform/*.c))
# The kernel-API kit (include/wdk/wdk.h) is linked into every core build,
# so any CORE= file may use it.
WDK_SRCS     := $(sort $(wildcard src/wdk/*.c))
ORACLE_SRCS  := $(sort $(wildcard src/oracle/*.c))
PROGRAM_SRCS := $(sort $(wildcard src/program/*.c))
HARNESS_SRCS := $(PROGRAM_SRCS) $(ORACLE_SRCS)
CLI_SRCS     := $(sort $(wildcard src/cli/*.c src/prove/*.c src/triage/*.c src/review/*.c)) src/driver/program.c
FUZZ_COMMON  := fuzz/fuzz_common.c fuzz/signal.c fuzz/mutator.c
TARGETS      := fuzz_map fuzz_script fuzz_naive
# What OSS-Fuzz and ClusterFuzzLite build: the real targets.  fuzz_naive is
# the bench's baseline (docs/BENCH.md); shipped, it would be fuzzed forever.
SHIPPED_TARGETS := fuzz_map fuzz_script
TESTS        := $(patsubst tests/unit/%.c,%,$(sort $(wildcard tests/unit/test_*.c)))

# Coverage feedback is signal in the core and the model: their branches are
# the contract's clauses.  The decoder, the checks and the mock platform only
# add engine work on every input (docs/BENCH.md, "Where the time goes"):
# they carry no coverage instrumentation, libFuzzer's or AFL++'s.  The
# model's comparisons are the core's values again: not traced either.  The
# script parser keeps both, for fuzz_script.  The sanitizers apply everywhere.
UNTRACED_SRCS := $(PLAT_SRCS) $(WDK_SRCS) src/program/program.c src/program/load.c $(filter-out src/oracle/model.c,$(ORACLE_SRCS))
UNTRACED_SRCS += fuzz/fuzz_common.c fuzz/fuzz_map.c fuzz/fuzz_naive.c fuzz/mutator.c fuzz/afl_mutator.c
# The CLI's own sources (prove's enumerator, triage, review) are in no fuzz
# target: tracing them only slowed the proof (docs/PROVE.md).
UNTRACED_SRCS += $(CLI_SRCS)
# The driver runner (src/driver/) is untraced in fuzz_driver too: the
# driver's own files carry the coverage (and fuzz/driver_signal.c).
UNTRACED_SRCS += $(wildcard src/driver/*.c)
# fuzz_driver's own file decodes and checks; its signal (driver_signal.c)
# and the driver's files are what is traced.
UNTRACED_SRCS += fuzz/fuzz_driver.c fuzz/driver_mutator.c fuzz/afl_driver_mutator.c
NOCMP_SRCS    := src/oracle/model.c
JUDGE_SRCS    := $(filter-out src/oracle/map.c,$(ORACLE_SRCS)) $(PROGRAM_SRCS)

# The core is compiled from wherever it lives; a stamp makes a change of
# CORE (or of CORE_CFLAGS) relink everything even when the file times say
# otherwise.
CORE_STAMP := $(OUT)/core.stamp
CORE_ID    := $(abspath $(CORE)) $(CORE_CFLAGS)
$(shell mkdir -p $(OUT) && (echo '$(CORE_ID)' | cmp -s - $(CORE_STAMP) || echo '$(CORE_ID)' > $(CORE_STAMP)))

# Objects that do not depend on the core can be shared between core builds
# (OBJ=out/obj with OUT=out/cores/x); the core's own object stays in OUT.
OBJ ?= $(OUT)/obj
obj = $(patsubst %.c,$(OBJ)/$(1)/%.o,$(2))

# $(1) = flavour
define FLAVOUR
$(OBJ)/$(1)/%.o: %.c Makefile
	@mkdir -p $$(@D)
	$$(if $$(filter $$<,$(UNTRACED_SRCS)),$$(or $$(CC_UNTRACED_$(1)),$$(CC_$(1))),$$(CC_$(1)) $$(TRACE_$(1)) $$(if $$(filter $$<,$(NOCMP_SRCS)),$$(NOCMP_$(1)))) $$(WARN) $$(or $$(if $$(filter $$<,$(JUDGE_SRCS)),$$(CF_JUDGE_$(1))),$$(CF_$(1))) $$(INCS) -MMD -MP -c $$< -o $$@

$(OUT)/core/$(1)/core.o: $(CORE) $(CORE_STAMP) Makefile
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(CORE_WARN) $$(CF_$(1)) $$(TRACE_$(1)) $$(INCS) $$(CORE_CFLAGS) -MMD -MP -c $(CORE) -o $$@

LIB_$(1) := $(OUT)/core/$(1)/core.o $(call obj,$(1),$(PLAT_SRCS) $(WDK_SRCS) $(HARNESS_SRCS))
endef
$(foreach f,asan gcc msan cli fast afl cmplog cov pic,$(eval $(call FLAVOUR,$(f))))

LINK = mkdir -p $(@D) && $(CC_$(1)) $(LF_$(1)) $(2) -o $@

.PHONY: all cli fuzz standalone tests corpus msan fast afl cov print-sources clean
all: cli fuzz standalone tests corpus bugs driver-bugs

cli: $(OUT)/mapfuzz
$(OUT)/mapfuzz: $(call obj,cli,$(CLI_SRCS)) $(LIB_cli)
	$(call LINK,cli,$^)

# libFuzzer builds of every target.
fuzz: $(addprefix $(OUT)/,$(TARGETS))
$(OUT)/fuzz_%: $(call obj,asan,fuzz/fuzz_%.c $(FUZZ_COMMON)) $(LIB_asan)
	$(call LINK,asan,-fsanitize=fuzzer $^)

# ./build.sh bench (scripts/bench.sh): fuzz_map, fuzz_naive and an empty
# target, the throughput baseline, which is not one of TARGETS.
BENCH_TARGETS := fuzz_map fuzz_naive fuzz_empty
.PHONY: bench
bench: cli corpus bugs $(addprefix $(OUT)/,$(BENCH_TARGETS))

# The same targets with a plain main that replays files: no engine, gcc.
standalone: $(addprefix $(OUT)/gcc/,$(TARGETS))
$(OUT)/gcc/fuzz_%: $(call obj,gcc,fuzz/fuzz_%.c $(FUZZ_COMMON) fuzz/standalone_main.c) $(LIB_gcc)
	$(call LINK,gcc,$^)

tests: $(addprefix $(OUT)/tests/,$(TESTS))
# Regression tests (docs/TRIAGE.md): tests/regress/*.c build like the unit
# tests into $(OUT)/regress/.  REGRESS_DIR builds reproducers from elsewhere.
REGRESS_DIR ?= tests/regress
REGRESS     := $(patsubst $(REGRESS_DIR)/%.c,%,$(sort $(wildcard $(REGRESS_DIR)/*.c)))
tests: $(addprefix $(OUT)/regress/,$(REGRESS))
$(OUT)/regress/%: $(call obj,asan,$(REGRESS_DIR)/%.c) $(LIB_asan)
	$(call LINK,asan,$^)
$(OUT)/tests/%: $(call obj,asan,tests/unit/%.c) $(LIB_asan)
	@mkdir -p $(@D)
	$(call LINK,asan,$^)
# test_mutator checks fuzz_map's structural mutator.
$(OUT)/tests/test_mutator: $(call obj,asan,fuzz/mutator.c)
$(OUT)/msan/tests/test_mutator: $(call obj,msan,fuzz/mutator.c)
# test_driver_mutator checks fuzz_driver's structural mutator.
$(OUT)/tests/test_driver_mutator: $(call obj,asan,fuzz/driver_mutator.c src/driver/program.c)
$(OUT)/msan/tests/test_driver_mutator: $(call obj,msan,fuzz/driver_mutator.c src/driver/program.c)
# test_driver_program checks the driver programs (src/driver/program.c).
$(OUT)/tests/test_driver_program: $(call obj,asan,src/driver/program.c)
$(OUT)/msan/tests/test_driver_program: $(call obj,msan,src/driver/program.c)
# test_sweep also checks prove's platform classes.
$(OUT)/tests/test_sweep: $(call obj,asan,src/prove/classes.c)
$(OUT)/msan/tests/test_sweep: $(call obj,msan,src/prove/classes.c)
# test_keep_going puts a slipping map in front of the core's (ld --wrap).
$(OUT)/tests/test_keep_going: LF_asan += -Wl,--wrap=NdisMMapIoSpace
$(OUT)/msan/tests/test_keep_going: LF_msan += -Wl,--wrap=NdisMMapIoSpace

# MemorySanitizer: the unit tests and the targets.
msan: $(addprefix $(OUT)/msan/,$(TARGETS)) $(addprefix $(OUT)/msan/tests/,$(TESTS))
$(OUT)/msan/fuzz_%: $(call obj,msan,fuzz/fuzz_%.c $(FUZZ_COMMON)) $(LIB_msan)
	$(call LINK,msan,-fsanitize=fuzzer $^)
$(OUT)/msan/tests/%: $(call obj,msan,tests/unit/%.c) $(LIB_msan)
	@mkdir -p $(@D)
	$(call LINK,msan,$^)

# The miniport kit (issue 22): src/ddk/ sees only the WDK-named headers of
# include/ddk/ (never -Iinclude) and driver/kit_runtime.h.  Its unit test
# runs it on the fake runner of tests/unit/ddk/, with clang (run with the
# unit tests) and with gcc (built, so both stay clean).
DDK_SRCS := $(sort $(wildcard src/ddk/*.c))
DDK_TEST := $(DDK_SRCS) $(sort $(wildcard tests/unit/ddk/*.c))
DDK_INCS := -Iinclude/ddk -Isrc -D_POSIX_C_SOURCE=200809L
define DDK_FLAVOUR
$(OBJ)/ddk/$(1)/%.o: %.c Makefile
	@mkdir -p $$(@D)
	$$(CC_$(1)) $$(WARN) $$(CF_$(1)) $$(DDK_INCS) -MMD -MP -c $$< -o $$@
endef
$(foreach f,asan gcc,$(eval $(call DDK_FLAVOUR,$(f))))
tests: $(OUT)/tests/test_ddk $(OUT)/gcc/tests/test_ddk
$(OUT)/tests/test_ddk: $(patsubst %.c,$(OBJ)/ddk/asan/%.o,$(DDK_TEST))
	$(call LINK,asan,$^)
$(OUT)/gcc/tests/test_ddk: $(patsubst %.c,$(OBJ)/ddk/gcc/%.o,$(DDK_TEST))
	$(call LINK,gcc,$^)

# Binary seeds are generated from the scripts, never committed.
SEEDS := $(sort $(wildcard corpus/map/*.mfs))
corpus: $(patsubst corpus/map/%.mfs,$(OUT)/corpus/fuzz_map/%.bin,$(SEEDS))
$(OUT)/corpus/fuzz_map/%.bin: corpus/map/%.mfs $(OUT)/mapfuzz
	@mkdir -p $(@D)
	$(OUT)/mapfuzz asm $< > $@.tmp && mv $@.tmp $@

# Seeded bugs (docs/BUGS.md): tests/bugs/<name>.patch applied to a copy of
# the reference core, $(OUT)/bugs/<name>.c.  No fuzz, no rejects kept: a
# patch that no longer applies exactly is an error, not a silent near-miss.
REF_CORE := src/core/core_ref.c
BUGS     := $(patsubst tests/bugs/%.patch,%,$(sort $(wildcard tests/bugs/*.patch)))
.PHONY: bugs
bugs: $(addprefix $(OUT)/bugs/,$(addsuffix .c,$(BUGS)))
$(OUT)/bugs/%.c: tests/bugs/%.patch $(REF_CORE)
	@mkdir -p $(@D)
	@patch -s -f -F0 -r - -o $@.tmp $(REF_CORE) $< || { rm -f $@.tmp; echo "make: tests/bugs/$*.patch no longer applies to $(REF_CORE)" >&2; exit 1; }
	@mv $@.tmp $@

# Unsanitised, optimised: for benchmarks and the exhaustive proof.
fast: $(OUT)/fast/mapfuzz
$(OUT)/fast/mapfuzz: $(call obj,fast,$(CLI_SRCS)) $(LIB_fast)
	@mkdir -p $(@D)
	$(call LINK,fast,$^)

# AFL++ builds of every target: out/afl/fuzz_<t> and out/afl-cmplog/fuzz_<t>.
afl: $(addprefix $(OUT)/afl/,$(TARGETS)) $(addprefix $(OUT)/afl-cmplog/,$(TARGETS))
$(OUT)/afl/fuzz_%: $(call obj,afl,fuzz/fuzz_%.c $(FUZZ_COMMON)) $(LIB_afl)
	$(call LINK,afl,$^ $(AFL_DRIVER))
$(OUT)/afl-cmplog/fuzz_%: $(call obj,cmplog,fuzz/fuzz_%.c $(FUZZ_COMMON)) $(LIB_cmplog)
	$(call LINK,cmplog,$^ $(AFL_DRIVER))
# fuzz_map's structural mutator for afl-fuzz (AFL_CUSTOM_MUTATOR_LIBRARY).
afl: $(OUT)/afl/mapfuzz_mutator.so
$(OUT)/afl/mapfuzz_mutator.so: $(call obj,pic,fuzz/afl_mutator.c fuzz/mutator.c src/program/program.c)
	$(call LINK,pic,$^)

# The CLI with clang source-based coverage (./build.sh coverage).
cov: $(OUT)/cov/mapfuzz
$(OUT)/cov/mapfuzz: $(call obj,cov,$(CLI_SRCS)) $(LIB_cov)
	$(call LINK,cov,$^)

# ---- Drivers (issue 22, docs/DRIVERS.md) ----
# make driver DRIVER=dir [DRIVER_FILES='a.c b.c'] [DRIVER_CFLAGS='-DX -Iinc']
# builds $(OUT)/drivers/<name>/mapfuzz-driver: every .c of the driver (or
# the files named), compiled unchanged against the miniport kit
# (include/ddk, never include/), warnings shown but not fatal; the kit
# (src/ddk), the runner (src/driver), the platform and the reference core
# compiled once more with its entry points renamed, so that the kit's
# NdisMMapIoSpace reaches exactly the proven core.  ASan+UBSan.
DRIVER        ?=
DRIVER_CFLAGS ?=
DRIVER_NAME   := $(notdir $(abspath $(DRIVER)))
DRIVER_FILES  ?= $(sort $(wildcard $(DRIVER)/*.c))
DRV_OUT       := $(OUT)/drivers/$(DRIVER_NAME)
RUNNER_SRCS   := $(sort $(wildcard src/driver/*.c))
# Another directory of the same name, or other DRIVER_CFLAGS: the objects
# (and their dependency files, which name the old sources) start over.
ifneq ($(DRIVER),)
DRV_ID := $(abspath $(DRIVER)) $(DRIVER_CFLAGS) $(DRIVER_NOKIT)
$(shell mkdir -p $(DRV_OUT) && (echo '$(DRV_ID)' | cmp -s - $(DRV_OUT)/driver.stamp || { rm -rf $(DRV_OUT)/obj; echo '$(DRV_ID)' > $(DRV_OUT)/driver.stamp; }))
endif
# A register base that is NULL plus an offset is CALL-NULL-VA, found at the
# access (the runner's fault handler, the kit's checks), not UBSan's
# pointer-overflow report at the addition.
DRIVER_SAN    := -fno-sanitize=pointer-overflow
CORE_RENAMES  := -DNdisMMapIoSpace=mf_core_map_io_space -DNdisMUnmapIoSpace=mf_core_unmap_io_space \
                 -DNdisCoreAdapterGone=mf_core_adapter_gone
# The driver's .data and .bss (and .data.*, .bss.*) become mfdrv_data and
# mfdrv_bss, which the runner restores before every input (src/driver/run.c).
DRV_RENAME = objcopy $$(objdump -h $(1) | awk '$$2 ~ /^\.(data|bss)($$|\.)/ && $$2 !~ /rel\.ro/ { t = ($$2 ~ /^\.bss/) ? "mfdrv_bss" : "mfdrv_data"; printf " --rename-section %s=%s", $$2, t }') $(1)

$(OBJ)/asan/core_renamed.o: $(REF_CORE) Makefile
	@mkdir -p $(@D)
	$(CC_asan) $(WARN) $(CF_asan) $(INCS) $(CORE_RENAMES) -MMD -MP -c $< -o $@
$(DRV_OUT)/obj/%.o: $(DRIVER)/%.c Makefile $(wildcard include/ddk/*.h)
	@mkdir -p $(@D)
	@$(CC_asan) -std=gnu11 $(CF_asan) $(DRIVER_SAN) -Iinclude/ddk -I$(DRIVER) $(DRIVER_CFLAGS) -MMD -MP -MT $@ -MF $@.d -c $< -o $@.tmp \
		|| { rm -f $@.tmp; echo "make: driver file $< does not compile" >&2; exit 1; }
	@$(call DRV_RENAME,$@.tmp) && mv $@.tmp $@

DRIVER_OBJS := $(patsubst %.c,$(DRV_OUT)/obj/%.o,$(notdir $(DRIVER_FILES)))
# DRIVER_NOKIT=1: the driver is its own kit (tests/driver_stub: the
# runner's test, which calls kit_runtime.h directly).
RUNNER_LIB  := $(call obj,asan,$(RUNNER_SRCS) $(PLAT_SRCS)) $(OBJ)/asan/core_renamed.o \
               $(if $(DRIVER_NOKIT),,$(patsubst %.c,$(OBJ)/ddk/asan/%.o,$(DDK_SRCS)))
# A standalone C reproducer of review --driver (repro/NN-ID-clause.c):
# make driver-repro DRIVER=dir REPRO=file.c -> $(DRV_OUT)/repro/<name>.
REPRO ?=
.PHONY: driver-repro
driver-repro: $(DRV_OUT)/repro/$(basename $(notdir $(REPRO)))
$(DRV_OUT)/repro/$(basename $(notdir $(REPRO))): $(REPRO) $(DRIVER_OBJS) $(filter-out %/src/driver/main.o,$(RUNNER_LIB))
	@test -n "$(REPRO)" || { echo "make: driver-repro needs REPRO=file.c" >&2; exit 1; }
	$(call LINK,asan,$(WARN) $(CF_asan) $(INCS) -x c $< -x none $(filter-out $<,$^) -ldl)
.PHONY: driver
driver: $(DRV_OUT)/mapfuzz-driver
$(DRV_OUT)/mapfuzz-driver: $(DRIVER_OBJS) $(RUNNER_LIB)
	@test -n "$(DRIVER)" || { echo "make: driver needs DRIVER=dir" >&2; exit 1; }
	@test -n "$(DRIVER_OBJS)" || { echo "make: no .c file in $(DRIVER)" >&2; exit 1; }
	$(call LINK,asan,$^ -ldl)

# ---- fuzz_driver (issue 23, docs/DRIVERS.md "Fuzzing a driver") ----
# make fuzz-driver DRIVER=dir: $(DRV_OUT)/fuzz_driver (libFuzzer) and, with
# afl-clang-fast, $(DRV_OUT)/afl/fuzz_driver and $(DRV_OUT)/afl-cmplog/
# fuzz_driver (make fuzz-driver-afl).  The driver's files carry the
# engine's coverage tracing; of -fsanitize=bounds, array-bounds (an array
# inside the adapter block overrun by one more resource than it was sized
# for, which ASan cannot see) is what adds to ASan, and UBSan's set has it;
# local-bounds only traps (SIGILL, no report) where ASan reports the same
# access, so it is left out.  The runner, the kit, the platform and the core
# are the runner's untraced objects without its main (src/driver/main.c).
DRIVER_FUZZ_SAN := $(DRIVER_SAN) -fsanitize=array-bounds
FD_ENGINE_SRCS  := fuzz/fuzz_driver.c fuzz/driver_signal.c fuzz/driver_mutator.c src/oracle/known.c
FD_RUNNER_LIB   := $(filter-out $(OBJ)/asan/src/driver/main.o,$(RUNNER_LIB))
define FD_FLAVOUR
$(DRV_OUT)/$(1)-obj/%.o: $(DRIVER)/%.c Makefile $(wildcard include/ddk/*.h)
	@mkdir -p $$(@D)
	@$(2) -std=gnu11 $$(CF_$(1)) $(3) $$(DRIVER_FUZZ_SAN) -Iinclude/ddk -I$(DRIVER) $$(DRIVER_CFLAGS) -c $$< -o $$@.tmp \
		|| { rm -f $$@.tmp; echo "make: driver file $$< does not compile" >&2; exit 1; }
	@$$(call DRV_RENAME,$$@.tmp) && mv $$@.tmp $$@
endef
$(eval $(call FD_FLAVOUR,asan,$(CC_asan),$(TRACE_asan)))
$(eval $(call FD_FLAVOUR,afl,$(CC_afl)))
$(eval $(call FD_FLAVOUR,cmplog,$(CC_cmplog)))
# The structural mutator for afl-fuzz (AFL_CUSTOM_MUTATOR_LIBRARY), the same
# for every driver.
$(OUT)/afl/driver_mutator.so: $(call obj,pic,fuzz/afl_driver_mutator.c fuzz/driver_mutator.c src/driver/program.c)
	$(call LINK,pic,$^)
.PHONY: fuzz-driver fuzz-driver-afl
fuzz-driver: $(DRV_OUT)/fuzz_driver
fuzz-driver-afl: $(DRV_OUT)/afl/fuzz_driver $(DRV_OUT)/afl-cmplog/fuzz_driver $(OUT)/afl/driver_mutator.so
$(DRV_OUT)/fuzz_driver: $(patsubst %.c,$(DRV_OUT)/asan-obj/%.o,$(notdir $(DRIVER_FILES))) $(call obj,asan,$(FD_ENGINE_SRCS)) $(FD_RUNNER_LIB)
	@test -n "$(DRIVER)" || { echo "make: fuzz-driver needs DRIVER=dir" >&2; exit 1; }
	$(call LINK,asan,-fsanitize=fuzzer $^ -ldl)
$(DRV_OUT)/afl/fuzz_driver: $(patsubst %.c,$(DRV_OUT)/afl-obj/%.o,$(notdir $(DRIVER_FILES))) $(call obj,afl,$(FD_ENGINE_SRCS)) $(FD_RUNNER_LIB)
	$(call LINK,afl,$^ $(AFL_DRIVER) -ldl)
$(DRV_OUT)/afl-cmplog/fuzz_driver: $(patsubst %.c,$(DRV_OUT)/cmplog-obj/%.o,$(notdir $(DRIVER_FILES))) $(call obj,cmplog,$(FD_ENGINE_SRCS)) $(FD_RUNNER_LIB)
	$(call LINK,cmplog,$^ $(AFL_DRIVER) -ldl)

# Planted caller bugs (issue 23, docs/BENCH.md): tests/driver_bugs/<name>.patch
# applied to a copy of tests/miniports/correct5 in $(OUT)/driver_bugs/<name>/
# (its ../common beside it).  No fuzz: a patch that no longer applies
# exactly is an error.  Then make fuzz-driver DRIVER=$(OUT)/driver_bugs/<name>.
DRIVER_BUG_BASE := tests/miniports/correct5
DRIVER_BUGS     := $(patsubst tests/driver_bugs/%.patch,%,$(sort $(wildcard tests/driver_bugs/*.patch)))
.PHONY: driver-bugs
driver-bugs: $(addprefix $(OUT)/driver_bugs/,$(addsuffix /.applied,$(DRIVER_BUGS)))
$(OUT)/driver_bugs/%/.applied: tests/driver_bugs/%.patch $(wildcard $(DRIVER_BUG_BASE)/*) $(wildcard tests/miniports/common/*)
	@rm -rf $(@D) && mkdir -p $(@D) $(OUT)/driver_bugs/common
	@cp tests/miniports/common/* $(OUT)/driver_bugs/common/
	@cp $(DRIVER_BUG_BASE)/*.c $(DRIVER_BUG_BASE)/*.h $(@D)/
	@patch -s -f -F0 -p4 -r - -d $(@D) <$< || { rm -rf $(@D); echo "make: tests/driver_bugs/$*.patch no longer applies to $(DRIVER_BUG_BASE)" >&2; exit 1; }
	@touch $@

# The source lists as shell assignments, for builds that compile by
# themselves (oss-fuzz/build.sh): one list, kept here.
print-sources:
	@echo "MF_LIB_SRCS='$(CORE) $(PLAT_SRCS) $(WDK_SRCS) $(HARNESS_SRCS)'"
	@echo "MF_CLI_SRCS='$(CLI_SRCS)'"
	@echo "MF_FUZZ_COMMON='$(FUZZ_COMMON)'"
	@echo "MF_TARGETS='$(SHIPPED_TARGETS)'"
	@echo "MF_UNTRACED_SRCS='$(UNTRACED_SRCS)'"
	@echo "MF_NOCMP_SRCS='$(NOCMP_SRCS)'"
	@echo "MF_CFLAGS='$(filter-out -Werror,$(WARN)) $(INCS)'"

# The same for fuzz_driver (scripts/oss_fuzz_driver.sh, the OSS-Fuzz and
# ClusterFuzzLite build of a driver repository: templates/driver-ci/).
print-driver-sources:
	@echo "MF_RUNNER_SRCS='$(filter-out src/driver/main.c,$(RUNNER_SRCS)) $(PLAT_SRCS)'"
	@echo "MF_DDK_SRCS='$(DDK_SRCS)'"
	@echo "MF_FD_SRCS='$(FD_ENGINE_SRCS)'"
	@echo "MF_FD_TRACED='fuzz/driver_signal.c'"
	@echo "MF_REF_CORE='$(REF_CORE)'"
	@echo "MF_CORE_RENAMES='$(CORE_RENAMES)'"
	@echo "MF_CFLAGS='$(filter-out -Werror,$(WARN)) $(INCS)'"
	@echo "MF_DDK_CFLAGS='$(filter-out -Werror,$(WARN)) $(DDK_INCS)'"
	@echo "MF_DRIVER_SAN='$(DRIVER_SAN)'"

clean:
	rm -rf $(OUT)

-include $(shell find $(OBJ) $(OUT)/core -name '*.d' 2>/dev/null)
# A driver's own headers: its objects are rebuilt when one changes.
-include $(wildcard $(DRV_OUT)/obj/*.d)
