#include "unlearn/true_class_hinge.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "common/error.h"

namespace emoforget::unlearn {
namespace {

TEST(TrueClassHinge, IsTheTrueScoreAboveTheBestOtherPlusTheMargin) {
  const torch::Tensor logits = torch::tensor({{3.0F, 1.0F, 0.5F},    // 3 - 1 + 1 = 3
                                              {0.0F, 2.0F, 1.5F},    // 2 - 1.5 + 1 = 1.5
                                              {0.0F, -1.0F, 4.0F},   // -1 - 4 + 1 < 0: 0
                                              {1.0F, 0.0F, 1.4F}});  // 1 - 1.4 + 1 = 0.6
  const torch::Tensor labels = torch::tensor({0, 1, 1, 0}, torch::kInt64);
  const torch::Tensor rows = true_class_hinge(logits, labels);
  ASSERT_EQ(rows.sizes(), (std::vector<int64_t>{4}));
  EXPECT_TRUE(torch::allclose(rows, torch::tensor({3.0F, 1.5F, 0.0F, 0.6F}), 1e-6, 1e-6)) << rows;
  EXPECT_NEAR(true_class_hinge(logits, labels, 0.0)[1].item<float>(), 0.5F, 1e-6);
}

// Its gradient is +1 on the true class of each row still above the bar and 0 on every other
// class, the bar included: no class is trained up.
TEST(TrueClassHinge, PushesOnlyTheTrueClassOfRowsAboveTheBar) {
  const torch::Tensor logits =
      torch::tensor({{3.0F, 1.0F, 0.5F}, {0.0F, -1.0F, 4.0F}, {1.0F, 0.0F, 1.4F}})
          .requires_grad_(true);
  const torch::Tensor labels = torch::tensor({0, 1, 0}, torch::kInt64);
  true_class_hinge(logits, labels).sum().backward();
  const torch::Tensor expected = torch::tensor({{1.0F, 0.0F, 0.0F},  // above the bar
                                                {0.0F, 0.0F, 0.0F},  // already below it
                                                {1.0F, 0.0F, 0.0F}});
  EXPECT_TRUE(torch::equal(logits.grad(), expected)) << logits.grad();
}

TEST(TrueClassHinge, RejectsMismatchedShapes) {
  EXPECT_THROW(true_class_hinge(torch::zeros({2, 3}), torch::zeros({3}, torch::kInt64)), Error);
  EXPECT_THROW(true_class_hinge(torch::zeros({2, 1}), torch::zeros({2}, torch::kInt64)), Error);
  EXPECT_THROW(true_class_hinge(torch::zeros({6}), torch::zeros({6}, torch::kInt64)), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
