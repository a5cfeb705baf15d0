#include "model/batch_shard.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

namespace emoforget::model {
namespace {

// Two dropout calls of one step over `x`'s rows as the shard says.
std::pair<torch::Tensor, torch::Tensor> two_calls(const torch::Tensor& x, BatchShard shard) {
  shard.seed = 42;
  const BatchShardScope scope(shard);
  torch::Tensor first = batch_dropout(x, 0.3, true);
  torch::Tensor second = batch_dropout(x, 0.3, true);
  return {first, second};
}

TEST(BatchShard, AShardsDropoutMasksAreTheGlobalBatchsRows) {
  const torch::Tensor x = torch::rand({6, 5, 4}) + 1.0;
  BatchShard whole;
  whole.global = 6;
  const auto [all, all_second] = two_calls(x, whole);
  EXPECT_FALSE(all.equal(x));                 // something was dropped ...
  EXPECT_TRUE(all.eq(0).any().item<bool>());  // ... as zeros,
  EXPECT_TRUE(all.ne(0).any().item<bool>());
  EXPECT_TRUE(torch::allclose(all.masked_select(all.ne(0)), (x / 0.7).masked_select(all.ne(0))));
  EXPECT_FALSE(all.equal(all_second));  // and each call draws its own mask

  BatchShard contiguous;  // rows 2..4 of the 6
  contiguous.global = 6;
  contiguous.offset = 2;
  const auto [part, part_second] = two_calls(x.slice(0, 2, 5), contiguous);
  EXPECT_TRUE(part.equal(all.slice(0, 2, 5)));
  EXPECT_TRUE(part_second.equal(all_second.slice(0, 2, 5)));

  BatchShard listed;  // rows 0 and 4 (a step made of two batches)
  listed.global = 6;
  listed.rows = {0, 4};
  const torch::Tensor rows = torch::tensor({0, 4});
  const auto [picked, picked_second] = two_calls(x.index_select(0, rows), listed);
  EXPECT_TRUE(picked.equal(all.index_select(0, rows)));
  EXPECT_TRUE(picked_second.equal(all_second.index_select(0, rows)));
}

TEST(BatchShard, OutsideAScopeAndInEvalModeItIsTorchDropout) {
  const torch::Tensor x = torch::rand({3, 4}) + 1.0;
  EXPECT_EQ(current_batch_shard(), nullptr);
  torch::manual_seed(9);
  const torch::Tensor expected = torch::dropout(x, 0.3, true);
  torch::manual_seed(9);
  EXPECT_TRUE(batch_dropout(x, 0.3, true).equal(expected));
  BatchShard shard;
  shard.global = 3;
  const BatchShardScope scope(shard);
  EXPECT_TRUE(batch_dropout(x, 0.3, false).equal(x));
}

}  // namespace
}  // namespace emoforget::model
