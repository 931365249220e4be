#!/bin/sh
# Installs the build in BUILD into a temporary prefix, then builds a program
# against it twice: with pkg-config and with CMake's find_package(cnet); and
# runs the installed cnetcat, whose man page is installed beside it.
set -e
build=$1
src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
libdir=$(ls -d "$tmp"/prefix/lib*/ | head -n 1)
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cc -o "$tmp/pc" "$src/consumer.c" $(pkg-config --cflags --libs cnet) -Wl,-rpath,"$libdir"
# the library, the header and cnet.pc agree on the version
"$tmp/pc" | grep "^cnet $(pkg-config --modversion cnet):"
cmake -S "$src" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cm" >/dev/null
"$tmp/cm/consumer"
"$tmp/prefix/bin/cnetcat" --help | grep -q '^usage: cnetcat' || { echo "install: bin/cnetcat --help failed"; exit 1; }
[ -s "$tmp/prefix/share/man/man1/cnetcat.1" ] || { echo "install: no share/man/man1/cnetcat.1"; exit 1; }
echo "install: pkg-config and find_package(cnet) both work; bin/cnetcat and its man page are installed"
