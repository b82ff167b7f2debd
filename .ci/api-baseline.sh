#!/usr/bin/env bash
# Rebuilds the API baseline that japicmp compares every published module with (.ci/api-baseline/), from
# the current tree. Run it where an API is deliberately fixed (the commit that lands a release's API), then
# commit the jars; later builds fail on a change that breaks that API unless the version says so.
#
#   .ci/api-baseline.sh            # jars named <artifactId>-<api.baseline.version>.jar, version from pom.xml
set -euo pipefail
cd "$(dirname "$0")/.."

# The published modules: the ones whose pom sets japicmp.skip to false.
modules=$(grep -l '<japicmp.skip>false</japicmp.skip>' */pom.xml | xargs -n1 dirname | sort | paste -sd, -)
version=$(sed -n 's:.*<api.baseline.version>\(.*\)</api.baseline.version>.*:\1:p' pom.xml | head -1)
project_version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)

# Through the reactor (never install: other worktrees share ~/.m2); no tests, no javadoc: only the classes matter.
mvn -B -ntp -q package -pl "$modules" -am -DskipTests -Dmaven.javadoc.skip=true -Djapicmp.skip=true

rm -rf .ci/api-baseline
mkdir -p .ci/api-baseline
for m in ${modules//,/ }; do
  cp "$m/target/$m-$project_version.jar" ".ci/api-baseline/$m-$version.jar"
done
echo "baseline $version of: ${modules//,/ } (from $(git rev-parse --short HEAD 2>/dev/null || echo 'the working tree'))"
