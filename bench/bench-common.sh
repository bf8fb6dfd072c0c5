# Shared by the ImCLASS benchmark scripts (sourced): needs WORK (scratch directory) and SIZE
# (output side in pixels).
# measure LABEL COMMAND... : runs COMMAND, prints wall seconds, CPU seconds (user + system: the
# work itself, apart from the load of a shared machine), throughput (SIZE^2 pixels / wall) and
# peak resident memory; sets LAST_SECONDS (wall).
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.log" "$@" > "$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; exit 1; }
  local seconds user system kib
  read -r seconds user system kib < "$WORK/time.log"
  LAST_SECONDS=$seconds
  printf "%-62s %7.1f s %7.1f s CPU %7.2f Mpx/s %6d MiB\n" "$label" "$seconds" "$(echo "$user + $system" | bc -l)" \
    "$(echo "$SIZE * $SIZE / $seconds / 1000000" | bc -l)" $((kib / 1024))
}
