// A tensor derived from parameters (the positional convolution's normalised weight), computed
// once and reused while no gradient flows to those parameters (an attack with parameters
// frozen, scoring under no-grad) and none of them changes: each source's storage and version
// counter (bumped by every in-place update, an optimiser step or a checkpoint copy) are
// compared on every use. Safe for concurrent forwards (PGD attacks batches side by side).
#pragma once

#include <functional>
#include <initializer_list>
#include <mutex>
#include <utility>
#include <vector>

#include <torch/torch.h>

namespace emoforget::model {

// True where autograd would record a graph through any of `parameters`.
bool gradient_flows_to(std::initializer_list<torch::Tensor> parameters);

class FrozenCache {
 public:
  // compute() (run under no-grad) the first time, or again once any of `sources` changed.
  torch::Tensor get(std::initializer_list<torch::Tensor> sources,
                    const std::function<torch::Tensor()>& compute);
  // Lets the value go (training, where it would only hold memory).
  void clear();

 private:
  std::mutex mutex_;
  std::vector<std::pair<const void*, int64_t>> keys_;
  torch::Tensor value_;
};

}  // namespace emoforget::model
