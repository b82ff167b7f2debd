#!/usr/bin/env bash
# Shows that the API check really fails: in a throw-away copy of this tree, removes one public method from
# duo-core, builds duo-core (verify, without tests) and expects japicmp to fail the build naming the
# method; then checks that the unchanged tree passes. Needs the baseline (.ci/api-baseline.sh) in place.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z | xargs -0 -I{} cp --parents {} "$work"/ 2>/dev/null || true
cp -r .ci/api-baseline "$work/.ci/"
cd "$work"

echo "1. the unchanged tree passes the API check"
mvn -B -ntp -q -pl duo-core verify -DskipTests -Dmaven.javadoc.skip=true > unchanged.log 2>&1 || { tail -40 unchanged.log; echo "FAIL: the unchanged tree does not pass"; exit 1; }

echo "2. removing a public method fails it"
# DevelopmentCatalog.models() in dev.duo.model: a public static method nothing in the SDK calls.
f=duo-core/src/main/java/dev/duo/model/DevelopmentCatalog.java
python3 - "$f" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
i = s.index('    /**\n     * See {@link dev.duo.admin.DevelopmentCatalog#models()}.')
j = s.index('    }\n', s.index('public static List<SelfHostedModel> models()')) + len('    }\n')
open(p, 'w').write(s[:i] + s[j:])
PY
if mvn -B -ntp -pl duo-core verify -DskipTests -Dmaven.javadoc.skip=true > removed.log 2>&1; then
  echo "FAIL: a removed public method passed the API check"; exit 1
fi
grep -q "models()" removed.log && grep -qi "japicmp" removed.log || { tail -40 removed.log; echo "FAIL: the build failed, but not on the API check"; exit 1; }
grep -i "METHOD_REMOVED\|incompatib" removed.log | head -5

echo "3. the same removal passes once the version says so (a major version)"
find . -name pom.xml -not -path '*/target/*' -exec sed -i 's/0\.1\.0-SNAPSHOT/1.0.0-SNAPSHOT/g' {} +
if ! mvn -B -ntp -q -pl duo-core verify -DskipTests -Dmaven.javadoc.skip=true > major.log 2>&1; then
  tail -40 major.log; echo "FAIL: a removal in a new major version still fails the API check"; exit 1
fi
echo "OK: japicmp fails the build on a removed public method unless the version is a new major one, and passes the unchanged tree"
