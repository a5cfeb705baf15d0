#include "common/large_blocks.h"

#include <c10/core/CPUAllocator.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/error.h"

namespace emoforget {
namespace {

constexpr double kKeptBound = 1.2;        // live + kept <= this x the most ever live
constexpr std::size_t kLargerServes = 2;  // a kept block up to this x a request may serve it

void* map_block(std::size_t bytes) {
  void* data = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return data == MAP_FAILED ? nullptr : data;
}

// The blocks mapped here: those tensors hold (by address, with their length) and those kept
// after their tensor died (in the order they were freed).
class Pool {
 public:
  // A block of at least `bytes` (a class size) and its length: a kept one, else a new mapping.
  void* take(std::size_t bytes, std::size_t* length) {
    std::lock_guard<std::mutex> lock(mutex_);
    void* data = reuse(bytes, length);
    if (data == nullptr) {
      while (!kept_.empty() && !fits(bytes))
        unmap_oldest();
      data = map_block(bytes);
      if (data == nullptr) {  // out of memory or address space: give back all kept, retry
        while (!kept_.empty())
          unmap_oldest();
        data = map_block(bytes);
        if (data == nullptr) return nullptr;
      }
      *length = bytes;
      ++mappings_;
    }
    live_.emplace(data, *length);
    live_bytes_ += *length;
    most_live_bytes_ = std::max(most_live_bytes_, live_bytes_);
    return data;
  }

  // Keeps the block `data` if this pool mapped it; false when it did not.
  bool give_back(void* data) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = live_.find(data);
    if (found == live_.end()) return false;
    kept_.push_back({data, found->second});
    kept_bytes_ += found->second;
    live_bytes_ -= found->second;
    live_.erase(found);
    return true;
  }

  LargeBlockStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return {live_.size(), live_bytes_, kept_.size(), kept_bytes_, most_live_bytes_, mappings_};
  }

 private:
  struct Kept {
    void* data;
    std::size_t length;
  };
  using KeptList = std::list<Kept>;

  // Whether a new mapping of `bytes` keeps live + kept within the bound.
  bool fits(std::size_t bytes) const {
    const double most = static_cast<double>(std::max(most_live_bytes_, live_bytes_ + bytes));
    return static_cast<double>(live_bytes_ + kept_bytes_ + bytes) <= kKeptBound * most;
  }

  // The smallest kept block of `bytes` to kLargerServes x `bytes` (of the class itself when
  // there is one), the newest among equals: warmest in the caches; nullptr when there is none.
  void* reuse(std::size_t bytes, std::size_t* length) {
    KeptList::iterator best = kept_.end();
    for (auto it = kept_.end(); it != kept_.begin();) {
      --it;
      if (it->length < bytes || it->length > kLargerServes * bytes) continue;
      if (best == kept_.end() || it->length < best->length) best = it;
      if (best->length == bytes) break;
    }
    if (best == kept_.end()) return nullptr;
    *length = best->length;
    void* data = best->data;
    unkeep(best);
    return data;
  }

  void unkeep(KeptList::iterator block) {
    kept_bytes_ -= block->length;
    kept_.erase(block);
  }

  void unmap_oldest() {
    munmap(kept_.front().data, kept_.front().length);
    unkeep(kept_.begin());
  }

  std::mutex mutex_;
  std::unordered_map<void*, std::size_t> live_;
  KeptList kept_;  // oldest first
  std::size_t live_bytes_ = 0, kept_bytes_ = 0, most_live_bytes_ = 0, mappings_ = 0;
};

Pool& pool() {
  static Pool* instance = new Pool();  // outlives every tensor, static ones included
  return *instance;
}

c10::Allocator*& heap_allocator() {
  static c10::Allocator* allocator = nullptr;  // LibTorch's own, set once at installation
  return allocator;
}

void release(void* data) {
  if (data == nullptr || pool().give_back(data)) return;
  heap_allocator()->raw_deleter()(data);
}

class LargeBlockAllocator final : public c10::Allocator {
 public:
  void set_threshold(std::size_t bytes) { threshold_.store(bytes); }

  // LibTorch 1.13 declares allocate const; later versions (2.3 on) declare it non-const and add
  // a pure copy_data. Both forms are declared, without `override`, so that either base class
  // finds the override it calls (and raw_deleter goes without it too: a class that marks some
  // overrides and not others draws clang's inconsistent-override warning).
  c10::DataPtr allocate(std::size_t bytes) const { return allocate_block(bytes); }
  c10::DataPtr allocate(std::size_t bytes) { return allocate_block(bytes); }
  void copy_data(void* dest, const void* src, std::size_t count) const {
    if (count > 0) std::memcpy(dest, src, count);
  }

  c10::DeleterFnPtr raw_deleter() const { return &release; }

 private:
  c10::DataPtr allocate_block(std::size_t bytes) const {
    if (bytes == 0 || bytes < threshold_.load()) return heap_allocator()->allocate(bytes);
    std::size_t length = 0;
    void* data = pool().take(large_block_class(bytes), &length);
    if (data == nullptr) return heap_allocator()->allocate(bytes);  // it reports the failure
    return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
  }

  std::atomic<std::size_t> threshold_{kDefaultLargeBlockBytes};
};

std::atomic<std::size_t>& threshold_in_force() {
  static std::atomic<std::size_t> bytes{0};
  return bytes;
}

std::size_t threshold_from_environment(std::size_t fallback) {
  const char* text = std::getenv("EMOFORGET_LARGE_BLOCK_BYTES");
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (*end != '\0' || text[0] < '0' || text[0] > '9') {
    throw Error(std::string("EMOFORGET_LARGE_BLOCK_BYTES=") + text +
                " is not a byte count (a whole number; 0 leaves LibTorch's allocator alone)");
  }
  return static_cast<std::size_t>(value);
}

}  // namespace

std::size_t large_block_class(std::size_t bytes) {
  constexpr std::size_t kPage = 4096;
  if (bytes <= 8 * kPage) return (bytes + kPage - 1) / kPage * kPage;
  // Eighths of the power of two at or below: 8/8, 9/8, ..., 15/8 of it.
  const std::size_t power = std::size_t{1} << (63 - __builtin_clzll(bytes));
  const std::size_t step = power / 8;
  return (bytes + step - 1) / step * step;
}

std::size_t map_large_blocks(std::size_t threshold) {
  threshold = threshold_from_environment(threshold);
  static LargeBlockAllocator* allocator = nullptr;
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  if (allocator == nullptr) {
    if (threshold == 0) return 0;
    heap_allocator() = c10::GetCPUAllocator();
    if (heap_allocator()->raw_deleter() == nullptr) return 0;  // cannot free raw blocks: keep it
    allocator = new LargeBlockAllocator();  // LibTorch keeps the pointer for the process
    allocator->set_threshold(threshold);
    c10::SetCPUAllocator(allocator, /*priority=*/1);
    threshold_in_force().store(threshold);
    return threshold;
  }
  allocator->set_threshold(threshold == 0 ? SIZE_MAX : threshold);
  threshold_in_force().store(threshold);
  return threshold;
}

std::size_t large_block_threshold() {
  return threshold_in_force().load();
}

LargeBlockStats large_block_stats() {
  return pool().stats();
}

}  // namespace emoforget
