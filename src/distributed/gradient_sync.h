// Data-parallel gradients, the part of DistributedDataParallel that LibTorch's C++
// API lacks: after each rank's backward of its shard's *summed* loss, the gradients
// are summed over ranks in buckets (one flat all-reduce per ~25 MiB of parameters,
// not one per tensor) and divided by the global sample count once the sum has
// arrived, so every rank holds the gradient of the global batch's mean loss and
// takes the same optimizer step.
#pragma once

#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "distributed/group.h"

namespace emoforget::distributed {

class GradientSync {
 public:
  static constexpr int64_t kBucketBytes = 25 << 20;

  GradientSync(Group& group, std::vector<torch::Tensor> parameters,
               int64_t bucket_bytes = kBucketBytes);

  // Sums the gradients over ranks and divides them by `global_samples`; returns the
  // global summed loss (`local_loss_sum` summed over ranks). A rank without samples
  // this step (no gradients) contributes zeros; a parameter without a gradient on
  // every rank keeps none, as it would in one process. `stop`, when given, goes in as
  // this rank's wish to stop (an interrupt) and comes out as whether any rank has one,
  // so that every rank stops at the same step.
  double reduce(double global_samples, double local_loss_sum, bool* stop = nullptr);

  int64_t buckets() const { return static_cast<int64_t>(buckets_.size()); }

 private:
  struct Bucket {
    std::vector<size_t> members;  // indices into parameters_
    torch::Tensor flat;           // their gradients, end to end
  };
  Group& group_;
  std::vector<torch::Tensor> parameters_;
  std::vector<Bucket> buckets_;
};

}  // namespace emoforget::distributed
