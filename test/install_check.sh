#!/bin/bash
# Installs the build into a fresh prefix and checks what users and QGIS see there:
# otbcli lists every ImCLASS application from <prefix>/lib/otb/applications, and
# <prefix>/share/otb/description holds one QGIS descriptor per application and algs.txt,
# in the format of OTB's own descriptors.
# usage: install_check.sh BUILD_DIR PREFIX APP...
set -euo pipefail
build="$1" prefix="$2"; shift 2
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" > /dev/null
# Debian's otbcli prints the applications it finds when asked for one it does not know.
listing="$(OTB_APPLICATION_PATH="$prefix/lib/otb/applications" otbcli ListApplications 2>&1 || true)"
descriptions="$prefix/share/otb/description"
otb_descriptions=/usr/share/otb/description
status=0
for app in "$@"; do
  if ! grep -qx "[[:space:]]*$app" <<< "$listing"; then
    echo "FAILED: otbcli does not list $app from the installed prefix"; status=1
  fi
  if ! grep -qx "ImCLASS|$app" "$descriptions/algs.txt"; then
    echo "FAILED: algs.txt has no line 'ImCLASS|$app'"; status=1
  fi
  descriptor="$descriptions/$app.txt"
  if [ ! -f "$descriptor" ]; then echo "FAILED: no descriptor $descriptor"; status=1; continue; fi
  # Line 1: "App" or "App|<main output image>" as in OTB's own; line 3: the group; then one parameter per line whose QGIS
  # class is one that OTB's own descriptors use.
  first_line="$(sed -n 1p "$descriptor")"
  [[ "$first_line" == "$app" || "$first_line" == "$app|"* ]] || { echo "FAILED: $descriptor line 1 is not $app[|<output>]"; status=1; }
  [ "$(sed -n 3p "$descriptor")" = "ImCLASS" ] || { echo "FAILED: $descriptor group is not ImCLASS"; status=1; }
  known_classes="$(tail -q -n +4 "$otb_descriptions"/*.txt | cut -d'|' -f1 | sort -u)"
  while IFS= read -r class; do
    grep -qxF "$class" <<< "$known_classes" || { echo "FAILED: $descriptor uses unknown class $class"; status=1; }
  done < <(tail -n +4 "$descriptor" | cut -d'|' -f1 | sort -u)
done
# The binary map of ImclassThreshold is uint8 by default in QGIS too (OTB's generator says float).
grep -q "^\*QgsProcessingParameterEnum|outputpixeltype|Output pixel type|uint8;int;float;double|False|0|" "$descriptions/ImclassThreshold.txt" \
  || { echo "FAILED: ImclassThreshold's QGIS output pixel type does not default to uint8"; status=1; }
[ "$(wc -l < "$descriptions/algs.txt")" -eq $# ] || { echo "FAILED: algs.txt does not have $# lines"; status=1; }
[ $status -eq 0 ] && echo "installed: $* listed by otbcli, QGIS descriptors valid"
exit $status
