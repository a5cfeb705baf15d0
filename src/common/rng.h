// The run's random source: a seeded xoshiro256** generator with its own
// uniform/normal draws, so every random choice is reproducible for a seed on
// any platform (std:: distributions differ between standard libraries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace emoforget {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t next_u64();
  // Uniform in [0, 1).
  double uniform();
  // Uniform in [lo, hi).
  double uniform(double lo, double hi);
  // Uniform integer in [0, n); n must be > 0.
  uint64_t below(uint64_t n);
  // Standard normal (Box-Muller).
  double normal();
  // A child generator for an independent stream (e.g. one per worker or item).
  Rng fork(uint64_t stream);

  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      const size_t j = static_cast<size_t>(below(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  uint64_t state_[4];
};

}  // namespace emoforget
