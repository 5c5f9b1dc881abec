# Sourced by bin/ncsparse and .ci/run: finds a JDK >= 22 (the FFM API that maps model weights is final from 22 on) and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME, the Temurin 25 install, any JDK under /usr/lib/jvm, then `java` on PATH.
ncsparse_java_major() { # prints the major version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
ncsparse_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64)
  for c in /usr/lib/jvm/*; do candidates+=("$c"); done
  command -v java >/dev/null 2>&1 && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(ncsparse_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 22 ] 2>/dev/null; then
      export JAVA_HOME="$c"; export PATH="$c/bin:$PATH"; return 0
    fi
  done
  cat >&2 <<'MSG'
ncsparse: no JDK 22 or newer found (checked $JAVA_HOME, /usr/lib/jvm/*, and java on PATH).
  Install one, e.g. Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64, or on Debian:
    apt-get update && apt-get install -y openjdk-25-jdk-headless    (any JDK >= 22 where your release has it)
  then run again, or point JAVA_HOME at it.
MSG
  return 1
}
