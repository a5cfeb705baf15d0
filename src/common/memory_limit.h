// How much memory a run may use: what the machine has available when the run starts
// (MemAvailable, lowered by the cgroup's limit when the process runs in one), or the
// user's --max-memory. Runs compare their estimate with it before allocating, so that a
// run that cannot fit is refused with the figures instead of being killed by the kernel.
#pragma once

#include <cstdint>
#include <string>

namespace emoforget {

// Bytes available now (MemAvailable, capped by cgroup v2 memory.max - memory.current);
// 0 when unknown.
int64_t available_memory_bytes();

// The limit runs are held to: set_memory_limit's value, or available_memory_bytes().
void set_memory_limit(int64_t bytes);  // 0 = the machine's available memory
int64_t memory_limit_bytes();
// Where the limit comes from, for messages ("--max-memory" or "available memory").
std::string memory_limit_source();

// The process's peak resident set size so far (VmHWM); 0 when unknown.
int64_t peak_rss_bytes();

// "512M", "8G", "1.5GiB", "2T", "1000000" (bytes); K/M/G/T are powers of 1024.
// Throws Error naming `flag` on anything else.
int64_t parse_memory_size(const std::string& text, const std::string& flag);

// "1.5 GiB", "300 MiB", "12 KiB", "17 B".
std::string format_bytes(int64_t bytes);

}  // namespace emoforget
