#!/bin/sh
# Runs one test program, under $CNET_WRAP (e.g. valgrind) when it is set.
exec $CNET_WRAP "$@"
