#!/usr/bin/env bash
# Times javac on a generated API of 100 interfaces x 10 methods, with relib's processor and without
# (-proc:none), the two commands run in turn so that the ratio is taken pair by pair. Then splits
# the difference: the processor alone (-proc:only, nothing compiled) and compiling the generated
# bridges (the API plus the bridges the processor wrote, -proc:none), each against the same base.
# Usage: benchmarks/processor-cost/run.sh [runs]   (after `mvn -B install -DskipTests`)
# Uses farm-bench where the machine has it, and hyperfine otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
version=0.1.0-SNAPSHOT
annotations="relib-annotations/target/relib-annotations-$version.jar"
processor="relib-processor/target/relib-processor-$version.jar:$m2/com/palantir/javapoet/javapoet/0.22.0/javapoet-0.22.0.jar:$annotations"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java benchmarks/processor-cost/GenerateApi.java "$work/src" 100 10
find "$work/src" -name '*.java' | sort > "$work/sources"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
"$javac" -version
mkdir -p "$work/with" "$work/without" "$work/only" "$work/generated" "$work/both"
with="$javac -d $work/with -cp $annotations --processor-path $processor @$work/sources"
without="$javac -d $work/without -cp $annotations -proc:none @$work/sources"
only="$javac -d $work/only -s $work/generated -cp $annotations --processor-path $processor -proc:only @$work/sources"
$only
find "$work/generated" -name '*.java' | sort | cat "$work/sources" - > "$work/all-sources"
both="$javac -d $work/both -cp $annotations -proc:none @$work/all-sources"
echo "API: $(wc -l < "$work/sources") files, $(cat $(cat "$work/sources") | wc -l) lines;" \
  "generated: $(find "$work/generated" -name '*.java' | wc -l) files," \
  "$(find "$work/generated" -name '*.java' -exec cat {} + | wc -l) lines"
compare() { # A, then B, the baseline
  echo "== $1 vs $2"
  if command -v farm-bench > /dev/null; then
    # shellcheck disable=SC2086
    farm-bench -n "$runs" --warmup 2 --timeout 1800 --vs "$4" -- $3
  else
    hyperfine --warmup 2 --runs "$runs" "$4" "$3"
  fi
}
compare "javac with the processor" "javac -proc:none" "$with" "$without"
compare "the processor alone (-proc:only)" "javac -proc:none" "$only" "$without"
compare "javac -proc:none on the API and the generated bridges" "javac -proc:none" "$both" "$without"
