# Two commands on a fresh Debian 12 machine:
#   make run    installs what is missing, builds a release and starts the kiosk
#   make test   installs what is missing, builds with warnings as errors and runs every test
# and for a school: make package builds the .deb (build/package/dlkiosk_*.deb).
# ARGS passes options to the kiosk, e.g. make run ARGS="--windowed --lang en".

DEBIAN_PACKAGES := build-essential cmake pkg-config \
	libimgui-dev libstb-dev libglfw3-dev libgl-dev libgl1-mesa-dri libglx-mesa0 \
	libsqlite3-dev libtinyxml2-dev libsodium-dev libzip-dev libre2-dev libxlsxwriter-dev libcairo2-dev nlohmann-json3-dev doctest-dev \
	fonts-dejavu-core fonts-opendyslexic libespeak-ng-dev espeak-ng-data \
	gettext xvfb xauth xdotool poppler-utils openssl python3 python3-jsonschema python3-pandas python3-openpyxl r-base-core postgresql-15 perl-modules-5.36 clang-format
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ARGS ?=

FUZZ_SECONDS ?= 30

.PHONY: all deps release run test test-sanitize fuzz package package-test clean

all: release

deps:
	@packaging/install-deps.sh $(DEBIAN_PACKAGES)

release: deps
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DDLK_BUILD_TESTS=OFF
	cmake --build build/release -j$(JOBS)

run: release
	build/release/app/dlkiosk $(ARGS)

# A test that cannot run here shows as skipped; tests/check_skips.sh lists them, and with
# DLK_NO_SKIPS=1 (CI) fails unless only data outside the repository was missing.
test: deps
	cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DDLK_WERROR=ON
	cmake --build build/test -j$(JOBS)
	cd build/test && ctest --output-on-failure -j$(JOBS)
	@tests/check_skips.sh build/test

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer (CI runs both).
test-sanitize: deps
	cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DDLK_WERROR=ON -DDLK_SANITIZE=address,undefined
	cmake --build build/sanitize -j$(JOBS)
	cd build/sanitize && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j$(JOBS)
	@tests/check_skips.sh build/sanitize

# libFuzzer over the item, test and JSON readers (clang, ASan + UBSan); FUZZ_SECONDS per target.
fuzz: deps
	@packaging/install-deps.sh clang libclang-rt-14-dev
	CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDLK_FUZZ=ON
	cmake --build build/fuzz -j$(JOBS)
	tests/fuzz/run_fuzzers.sh build/fuzz . $(FUZZ_SECONDS)

# The Debian package: a Release build of its own, then cpack -G DEB (packaging/CMakeLists.txt).
# dpkg-shlibdeps (dpkg-dev) works out the libraries it depends on.
package: deps
	@packaging/install-deps.sh dpkg-dev
	cmake -S . -B build/package -DCMAKE_BUILD_TYPE=Release -DDLK_BUILD_TESTS=OFF
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
