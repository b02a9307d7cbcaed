# Two commands on a fresh Debian 12 machine:
#   make run    installs what is missing, builds a release and starts the kiosk
#   make test   installs what is missing, builds with warnings as errors and ASan + UBSan, and runs every test
# and for a school: make package builds the .deb (build/package/dlkiosk_*.deb).
# ARGS passes options to the kiosk, e.g. make run ARGS="--windowed --lang en".

DEBIAN_PACKAGES := build-essential cmake pkg-config \
	libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri libglx-mesa0 \
	libsqlite3-dev libtinyxml2-dev libsodium-dev libzip-dev libre2-dev libxlsxwriter-dev libcairo2-dev nlohmann-json3-dev doctest-dev \
	fonts-dejavu-core fonts-opendyslexic libespeak-ng-dev espeak-ng-data \
	gettext xvfb xauth xdotool poppler-utils openssl python3 python3-jsonschema python3-pandas python3-openpyxl r-base-core postgresql-15 perl-modules-5.36 clang-format \
	ccache
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ARGS ?=

# Every build goes through ccache: the four builds of CI (debug, sanitizers, release, fuzz) each compile
# all sources, and a next run on the same machine, or a rebuild after a small change, reuses what has
# not changed. Paths are hashed relative to the checkout, and not its folder, so another checkout of
# the same sources hits too. Evaluated when a recipe runs, after deps has installed ccache; left out
# where ccache's cache folder cannot be written (a read-only home), since ccache would then fail every
# compile.
LAUNCHER = $(if $(shell command -v ccache >/dev/null 2>&1 && d="$$(ccache -k cache_dir)" && mkdir -p "$$d" && test -w "$$d" && echo yes),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

FUZZ_SECONDS ?= 30

.PHONY: all deps release run test test-plain fuzz package package-test clean

all: release

deps:
	@packaging/install-deps.sh $(DEBIAN_PACKAGES)

release: deps
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DDLK_BUILD_TESTS=OFF $(LAUNCHER)
	cmake --build build/release -j$(JOBS)

run: release
	build/release/app/dlkiosk $(ARGS)

# Every test runs under AddressSanitizer and UndefinedBehaviorSanitizer: one Debug build that checks
# memory and undefined behaviour everywhere (two builds, plain and sanitized, made CI run past an hour
# on 2 cores). A speed target is scaled there (tests/test_support.h, kSlowdown); test-plain runs the
# same suite without sanitizers, where the targets hold as written.
# A test that cannot run here shows as skipped; tests/check_skips.sh lists them, and with
# DLK_NO_SKIPS=1 (CI) fails unless only data outside the repository was missing.
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1
test: deps
	cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DDLK_WERROR=ON -DDLK_SANITIZE=address,undefined $(LAUNCHER)
	cmake --build build/test -j$(JOBS)
	cd build/test && $(SANITIZER_ENV) ctest --output-on-failure -j$(JOBS)
	@tests/check_skips.sh build/test

test-plain: deps
	cmake -S . -B build/plain -DCMAKE_BUILD_TYPE=Debug -DDLK_WERROR=ON -DDLK_SANITIZE= $(LAUNCHER)
	cmake --build build/plain -j$(JOBS)
	cd build/plain && ctest --output-on-failure -j$(JOBS)
	@tests/check_skips.sh build/plain

# libFuzzer over the item, test and JSON readers (clang, ASan + UBSan); FUZZ_SECONDS per target.
fuzz: deps
	@packaging/install-deps.sh clang libclang-rt-14-dev
	CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDLK_FUZZ=ON $(LAUNCHER)
	cmake --build build/fuzz -j$(JOBS)
	tests/fuzz/run_fuzzers.sh build/fuzz . $(FUZZ_SECONDS)

# The Debian package: a Release build of its own, then cpack -G DEB (packaging/CMakeLists.txt).
# dpkg-shlibdeps (dpkg-dev) works out the libraries it depends on.
package: deps
	@packaging/install-deps.sh dpkg-dev
	cmake -S . -B build/package -DCMAKE_BUILD_TYPE=Release -DDLK_BUILD_TESTS=OFF $(LAUNCHER)
	cmake --build build/package -j$(JOBS)
	cd build/package && cpack -G DEB

# Installs that .deb on this machine (root; CI is a throwaway machine), checks the installed
# program, runs lintian, tries the kiosk session under cage, purges it and checks nothing is left
# under /usr (packaging/install_test.sh).
package-test: package
	@packaging/install-deps.sh lintian systemd cage xwayland grim
	packaging/install_test.sh

clean:
	rm -rf build
