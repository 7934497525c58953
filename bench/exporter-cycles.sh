# Shared by the benchmarks that run metrics-exporter (sourced): reading one of its series, the
# longest of its next cycles, and its heap after a full GC. Set EXPORTER_BENCH_PORT first.

metric() {  # series: prints its value
    curl -sf "http://127.0.0.1:$EXPORTER_BENCH_PORT/metrics" | awk -v s="$1" 'index($0, s" ") == 1 {print $2}'
}

longest_of_next_cycles() {  # cycles: prints the longest cycle duration seen over that many 1 s cycles
    local longest=0 current
    for _ in $(seq 1 "$1"); do
        sleep 1.1
        current=$(metric 'ml_exporter_cycle_duration_seconds{service="metrics-exporter"}')
        longest=$(awk -v a="$longest" -v b="$current" 'BEGIN {print (b > a) ? b : a}')
    done
    echo "$longest"
}

heap_after_full_gc() {  # pid: prints the used heap after a full GC
    jcmd "$1" GC.run >/dev/null
    jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {print $6}'
}
