# Sourced by ./cr and ./test: sets JAVA25 to a JDK >= 25 on this machine, or explains and exits.
java_feature() { # prints the feature release of the JDK at $1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}
find_jdk25() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v=$(java_feature "$c")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then JAVA25=$c; return 0; fi
  done
  echo "cr: needs a JDK 25 or newer and found none (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "    Install one (for example Temurin 25 into /usr/lib/jvm) or set JAVA_HOME to it." >&2
  exit 1
}
find_jdk25
