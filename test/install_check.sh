#!/bin/bash
# Installs the build into a fresh prefix and checks what users and QGIS see there:
# every file goes under the prefix (headers too); otbcli lists every ImCLASS application from
# <prefix>/lib/otb/applications; the launchers <prefix>/bin/otbcli_<App> run their application
# without OTB_APPLICATION_PATH; the README and doc are in share/doc/imclass; bin/imclass-serve runs
# from the prefix and every file its page asks for (page, script, map library) is under
# share/imclass/web where the installed service serves it from; the QGIS plugin holds
# the description of every application; <prefix>/share/otb/description holds one QGIS descriptor
# per application and algs.txt, in the format of OTB's own descriptors.
# usage: install_check.sh BUILD_DIR PREFIX APP...
set -euo pipefail
build="$1" prefix="$2"; shift 2
rm -rf "$prefix"
installed="$(cmake --install "$build" --prefix "$prefix")"
# Debian's otbcli prints the applications it finds when asked for one it does not know.
listing="$(OTB_APPLICATION_PATH="$prefix/lib/otb/applications" otbcli ListApplications 2>&1 || true)"
descriptions="$prefix/share/otb/description"
otb_descriptions=/usr/share/otb/description
status=0
outside="$(grep -E '^-- (Installing|Up-to-date):' <<< "$installed" | grep -v -- "-- [A-Za-z-]*: $prefix/" || true)"
[ -z "$outside" ] || { echo "FAILED: installed outside $prefix: $outside"; status=1; }
for file in include/otbImclassApplication.h include/OTBImclassExport.h share/doc/imclass/README.md share/doc/imclass/doc/features.md \
  bin/imclass-run share/imclass/imclass_tiles.py; do
  [ -f "$prefix/$file" ] || { echo "FAILED: no $file in the prefix"; status=1; }
done
[ -x "$prefix/bin/imclass-qgis-setup" ] || { echo "FAILED: no bin/imclass-qgis-setup"; status=1; }
(cd / && env -u OTB_APPLICATION_PATH "$prefix/bin/imclass-serve" --help | grep -q -- "--workdir") \
  || { echo "FAILED: $prefix/bin/imclass-serve --help"; status=1; }
web="$prefix/share/imclass/web"
page_files="$(grep -oE '(href|src)="/(static|vendor)/[^"]+"' "$web/static/index.html" | cut -d'"' -f2)"
[ -n "$page_files" ] || { echo "FAILED: the installed page asks for no file"; status=1; }
# Each /static/F is web/static/F; each /vendor/F is the file the installed server maps F to.
for file in $page_files; do
  path="$(/usr/bin/python3 -c 'import os, sys; sys.path.insert(0, sys.argv[1]); from imclass_web import server
kind, name = sys.argv[2].split("/")[1:3]
print(os.path.join(server.STATIC, name) if kind == "static" else os.path.join(sys.argv[1], server.VENDOR[name]))' "$web" "$file")"
  [[ "$path" == "$web/"* && -s "$path" ]] || { echo "FAILED: the page's $file is not installed ($path)"; status=1; }
done
plugin_apps="$(/usr/bin/python3 -c 'import json, sys; print(*(a["name"] for a in json.load(open(sys.argv[1]))["applications"]))' \
  "$prefix/share/imclass/qgis/imclass_processing/applications.json")"
[ "$plugin_apps" = "$*" ] || { echo "FAILED: the QGIS plugin describes '$plugin_apps', not '$*'"; status=1; }
for app in "$@"; do
  # From another folder, through a link, and without OTB_APPLICATION_PATH: as a user's shell runs it.
  ln -sf "$prefix/bin/otbcli_$app" "$prefix/linked_otbcli_$app"
  help="$(cd / && env -u OTB_APPLICATION_PATH "$prefix/linked_otbcli_$app" -help 2>&1 || true)"
  if ! grep -q "This is the $app application" <<< "$help"; then
    echo "FAILED: $prefix/bin/otbcli_$app does not find $app without OTB_APPLICATION_PATH"; status=1
  fi
  rm "$prefix/linked_otbcli_$app"
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
[ $status -eq 0 ] && echo "installed under $prefix: $* listed by otbcli and run by their launchers, headers, doc, imclass-serve and its page, QGIS plugin and descriptors"
exit $status
