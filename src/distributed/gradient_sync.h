// Data-parallel gradients, the part of DistributedDataParallel that LibTorch's C++
// API lacks: after each rank's backward of its shard's *summed* loss, the gradients
// are summed over ranks in buckets (one flat all-reduce per ~25 MiB of parameters,
// not one per tensor) and divided by the global sample count once the sum has
// arrived, so every rank holds the gradient of the global batch's mean loss and
// takes the same optimizer step.
//
// As in PyTorch's DDP, the buckets hold the parameters in reverse order (the order
// backward produces their gradients), and a bucket's all-reduce starts from a
// gradient hook as soon as its last gradient exists, overlapping the rest of the
// backward. Buckets start in one fixed order on every rank; those a step leaves
// incomplete (a layer LayerDrop skipped, a rank without samples) start in reduce().
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "distributed/group.h"

namespace emoforget::distributed {

class GradientSync {
 public:
  static constexpr int64_t kBucketBytes = 25 << 20;
  static constexpr int64_t kFirstBucketBytes = 1 << 20;  // as DDP: the first starts sooner

  GradientSync(Group& group, std::vector<torch::Tensor> parameters,
               int64_t bucket_bytes = kBucketBytes);
  ~GradientSync();  // removes its hooks
  GradientSync(const GradientSync&) = delete;
  GradientSync& operator=(const GradientSync&) = delete;

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
    std::vector<size_t> members;   // indices into parameters_
    std::vector<int64_t> offsets;  // each member's place in flat
    torch::Tensor flat;            // their gradients, end to end
    size_t ready = 0;              // members whose gradient arrived this step
    std::unique_ptr<PendingCollective> pending;
  };
  void arrived(size_t parameter, const torch::Tensor& grad);
  void start_ready_buckets();
  void start(Bucket& bucket);

  Group& group_;
  std::vector<torch::Tensor> parameters_;
  std::vector<Bucket> buckets_;
  std::vector<std::pair<size_t, size_t>> place_;    // parameter -> (bucket, member)
  std::vector<bool> has_grad_;                      // this step, on this rank
  std::vector<std::pair<size_t, unsigned>> hooks_;  // (parameter, its hook's handle)
  size_t next_to_start_ = 0;                        // buckets start in index order
};

}  // namespace emoforget::distributed
