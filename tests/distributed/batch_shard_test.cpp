#include "model/batch_shard.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

namespace emoforget::model {
namespace {

TEST(BatchShard, DropoutOfAShardIsTheGlobalBatchsRows) {
  const torch::Tensor x = torch::rand({6, 5, 4}) + 1.0;
  torch::manual_seed(9);
  const torch::Tensor whole = torch::dropout(x, 0.3, true);
  // Rows 2..4 of the same step, drawn inside a shard of the 6-row batch.
  torch::manual_seed(9);
  BatchShard contiguous;
  contiguous.global = 6;
  contiguous.offset = 2;
  torch::Tensor part;
  {
    const BatchShardScope scope(contiguous);
    part = batch_dropout(x.slice(0, 2, 5), 0.3, true);
  }
  EXPECT_TRUE(part.equal(whole.slice(0, 2, 5)));
  EXPECT_FALSE(part.equal(x.slice(0, 2, 5)));  // something was dropped
  // Listed rows (a step made of two batches).
  torch::manual_seed(9);
  BatchShard listed;
  listed.global = 6;
  listed.rows = {0, 4};
  {
    const BatchShardScope scope(listed);
    part = batch_dropout(x.index_select(0, torch::tensor({0, 4})), 0.3, true);
  }
  EXPECT_TRUE(part.equal(whole.index_select(0, torch::tensor({0, 4}))));
  // Outside a scope, and in eval mode, it is torch::dropout.
  EXPECT_EQ(current_batch_shard(), nullptr);
  torch::manual_seed(9);
  EXPECT_TRUE(batch_dropout(x, 0.3, true).equal(whole));
  EXPECT_TRUE(batch_dropout(x, 0.3, false).equal(x));
}

}  // namespace
}  // namespace emoforget::model
