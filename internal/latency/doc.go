// Package latency runs a benchmark's operations on concurrent clients and
// reports throughput and latency percentiles, for the programs under
// bench/. It imports nothing of zerodb.
package latency
