#!/usr/bin/env bash
# The cr command, run from the source tree. Builds what is missing first.
#   ./cr demo      provisions and builds when needed, then runs the main job on a sample workload
#   ./cr ARGS...   any cr command (./cr --help)
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/scripts/lib/jdk.sh"
jar="$here/cli/target/cr.jar"
aot="$here/cli/target/cr.aot"

build() {
  echo "cr: building (first run or sources changed)..." >&2
  (cd "$here" && ./mvnw -B -q package -DskipTests -Dmaven.javadoc.skip=true >&2)
  rm -f "$aot" "$here/cli/target/cr-migrate.aot"
}
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$here"/native/src "$here"/proto/src "$here"/engine/src/main "$here"/cli/src/main "$here"/pom.xml "$here"/*/pom.xml -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}
if [ "${1:-}" = demo ]; then
  shift
  stale && build
  exec "$here/scripts/demo" "$@"
fi
stale && build
opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
# Commands that move data (TLS, SHA-256, compression) need C2: AES-GCM and SHA-256 are fast only as C2
# intrinsics; with C1 alone a migration moves a few MB/s.
case "${1:-}" in
  serve|migrate|pack|unpack|push|pull) opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC) ;;
esac
# A restore --from REF pulls first, which is TLS and SHA-256 as much as a pull is.
[ "${1:-}" = restore ] && [[ " $* " == *" --from "* ]] && opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC)
# A one-shot migration is over before C2 would compile AES-GCM by its usual counts: a fresh JVM took 1.4 to 4 s
# to encrypt its first 64 MiB here (measured on a busy machine), a warm one 15-50 ms. Compiling the JDK's AES-GCM
# classes at 1/100 of the usual thresholds gets the intrinsic in much sooner.
case "${1:-}" in
  serve|migrate)
    opts+=(-XX:CompileCommand=quiet)   # first: else each command is echoed on standard output
    for m in 'com.sun.crypto.provider.GaloisCounterMode*::*' 'com.sun.crypto.provider.GHASH::*' \
             'com.sun.crypto.provider.CounterMode::*' 'com.sun.crypto.provider.AESCrypt::*'; do
      opts+=("-XX:CompileCommand=CompileThresholdScaling,$m,0.01")
    done ;;
esac
case "${1:-}" in serve|migrate) aot="$here/cli/target/cr-migrate.aot" ;; esac
# JDK 25's AOT cache (JEP 483/514) keeps start-up short: made once by a training run, then reused.
# A cache made from older jars would serve old classes: drop it when any jar is newer.
if [ -f "$aot" ] && [ -n "$(find "$jar" "$here/cli/target/lib" -newer "$aot" -name '*.jar' -print -quit)" ]; then
  rm -f "$aot"
fi
if [ ! -f "$aot" ]; then
  # The training run inspects a committed checkpoint and, as root, runs check (the libcriu path of dump/restore).
  train=(--help)
  [ -d "$here/testdata/sleeping-shell" ] && train=(aot-train "$here/testdata/sleeping-shell")
  # serve and migrate have their own cache, trained with their own JVM flags on a loopback migration rehearsal:
  # a cache trained under C1 only carries that into its method profiles: with the rehearsal in the C1-trained
  # cache, AES-GCM stayed out of C2 and a 512 MiB migration took about 40 s instead of 7 (measured here).
  [ "$aot" = "$here/cli/target/cr-migrate.aot" ] && train=(aot-train --migration "$here/testdata/sleeping-shell")
  "$JAVA25/bin/java" "${opts[@]}" -XX:AOTCacheOutput="$aot" -jar "$jar" "${train[@]}" >/dev/null 2>&1 || true
fi
[ -f "$aot" ] && opts+=(-XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off)
exec "$JAVA25/bin/java" "${opts[@]}" ${CR_JAVA_OPTS:-} -jar "$jar" "$@"
