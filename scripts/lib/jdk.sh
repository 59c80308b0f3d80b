# Sourced by ./cr, ./test and every script that runs ./mvnw: sets JAVA25 to a JDK >= 25 on this machine, or explains
# and exits, and exports it as JAVA_HOME so that Maven itself runs on it. Maven must: the modules have module-info
# descriptors of release 25, which the jar tool of an older JDK (17 is this machine's default) cannot read.
# Bash only, no child process: ./cr runs this before every command, and each sed or subshell costs a fork.
find_jdk25() {
  local c line
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -r "$c/release" ] || continue
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
        if [ "${BASH_REMATCH[1]}" -ge 25 ]; then JAVA25=$c; return 0; fi
        break
      fi
    done < "$c/release"
  done
  echo "cr: needs a JDK 25 or newer and found none (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "    Install one (for example Temurin 25 into /usr/lib/jvm) or set JAVA_HOME to it." >&2
  exit 1
}
find_jdk25
export JAVA_HOME=$JAVA25
# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 25 warns about on every run.
[[ " ${MAVEN_OPTS:-} " == *" --sun-misc-unsafe-memory-access="* ]] || export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
