#include "train/fused_adam.h"

#include <gtest/gtest.h>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "support/test_support.h"

namespace emoforget::train {
namespace {

// Three parameters of odd sizes (one with no gradient) and a gradient sequence.
std::vector<torch::Tensor> make_parameters() {
  torch::manual_seed(11);
  return {torch::randn({37, 5}).requires_grad_(), torch::randn({101}).requires_grad_(),
          torch::randn({4, 3, 2}).requires_grad_()};
}

void set_gradients(std::vector<torch::Tensor>& params, int step) {
  torch::manual_seed(100 + step);
  for (size_t i = 0; i + 1 < params.size(); ++i)
    params[i].mutable_grad() = torch::randn_like(params[i]) * (1.0 + step);
  params.back().mutable_grad() = torch::Tensor();  // a parameter without gradient this step
}

const torch::optim::AdamParamState& state_of(torch::optim::Optimizer& optimizer,
                                             const torch::Tensor& p) {
  return static_cast<const torch::optim::AdamParamState&>(
      *optimizer.state().at(c10::guts::to_string(p.unsafeGetTensorImpl())));
}

void expect_same_run(double weight_decay, bool amsgrad, double tolerance) {
  auto fused_params = make_parameters();
  auto reference_params = make_parameters();
  const auto options = torch::optim::AdamOptions(0.05).weight_decay(weight_decay).amsgrad(amsgrad);
  FusedAdam fused(fused_params, options);
  torch::optim::Adam reference(reference_params, options);
  for (int step = 0; step < 6; ++step) {
    set_gradients(fused_params, step);
    set_gradients(reference_params, step);
    fused.step();
    reference.step();
  }
  for (size_t i = 0; i + 1 < fused_params.size(); ++i) {
    EXPECT_TRUE(torch::allclose(fused_params[i], reference_params[i], tolerance, tolerance))
        << "parameter " << i << " differs by "
        << (fused_params[i] - reference_params[i]).abs().max().item<double>();
    const auto& a = state_of(fused, fused_params[i]);
    const auto& b = state_of(reference, reference_params[i]);
    EXPECT_EQ(a.step(), b.step());
    EXPECT_TRUE(torch::allclose(a.exp_avg(), b.exp_avg(), tolerance, tolerance));
    EXPECT_TRUE(torch::allclose(a.exp_avg_sq(), b.exp_avg_sq(), tolerance, tolerance));
  }
  EXPECT_TRUE(torch::equal(fused_params.back(), reference_params.back())) << "no gradient";
}

TEST(FusedAdam, FollowsTorchAdamStepForStep) {
  expect_same_run(0.0, false, 1e-6);
}

TEST(FusedAdam, FoldsL2WeightDecayIntoTheGradientAsTorchAdamDoes) {
  expect_same_run(0.1, false, 1e-6);
}

TEST(FusedAdam, AmsgradTakesTorchAdamsOwnStep) {
  expect_same_run(0.0, true, 0.0);
}

// clip_grad_norm_ then step() against the folded clip: the same updates, bit for bit.
void expect_folded_clip_matches(double max_norm, double weight_decay, bool amsgrad) {
  auto folded_params = make_parameters();
  auto reference_params = make_parameters();
  const auto options = torch::optim::AdamOptions(0.05).weight_decay(weight_decay).amsgrad(amsgrad);
  FusedAdam folded(folded_params, options);
  FusedAdam reference(reference_params, options);
  bool clipped = false;
  for (int step = 0; step < 6; ++step) {
    set_gradients(folded_params, step);
    set_gradients(reference_params, step);
    const double norm = folded.clip_grad_norm(folded_params, max_norm);
    EXPECT_EQ(norm, torch::nn::utils::clip_grad_norm_(reference_params, max_norm));
    clipped = clipped || norm > max_norm;
    folded.step();
    reference.step();
  }
  EXPECT_EQ(clipped, max_norm < 10.0) << "the test's gradients clip at a small max_norm only";
  for (size_t i = 0; i < folded_params.size(); ++i) {
    EXPECT_TRUE(torch::equal(folded_params[i], reference_params[i]))
        << "parameter " << i << " differs by "
        << (folded_params[i] - reference_params[i]).abs().max().item<double>();
  }
}

TEST(FusedAdam, FoldsTheClippingCoefficientIntoItsUpdateBitForBit) {
  expect_folded_clip_matches(2.0, 0.0, false);     // clipped at every step
  expect_folded_clip_matches(2.0, 0.1, false);     // with weight decay
  expect_folded_clip_matches(1000.0, 0.0, false);  // never clipped: a factor of 1
}

TEST(FusedAdam, ScalesTheGradientsBeforeTorchAdamsOwnStepWhenItCannotFuse) {
  expect_folded_clip_matches(2.0, 0.0, true);  // amsgrad: torch::optim::Adam's step
}

TEST(FusedAdam, MovesVersionCountersAndTheSameResultOnAnyThreadCount) {
  const int threads = at::get_num_threads();
  std::vector<torch::Tensor> results;
  for (int n : {1, 2}) {
    at::set_num_threads(n);
    torch::manual_seed(3);
    torch::Tensor p = torch::randn({1 << 17}).requires_grad_();
    FusedAdam optimizer({p}, torch::optim::AdamOptions(0.01));
    const auto before = p._version();
    for (int step = 0; step < 3; ++step) {
      p.mutable_grad() = torch::sin(p.detach() * (step + 1));
      optimizer.step();
    }
    EXPECT_GT(p._version(), before) << "an in-place update must move the version counter";
    results.push_back(p.detach().clone());
  }
  at::set_num_threads(threads);
  EXPECT_TRUE(torch::equal(results[0], results[1]));
}

// The state is torch::optim::Adam's: either optimiser resumes what the other saved.
TEST(FusedAdam, ResumesFromTorchAdamsSavedStateAndBack) {
  testing::TempDir dir;
  auto params = make_parameters();
  auto copy = make_parameters();
  torch::optim::Adam first(params, torch::optim::AdamOptions(0.05));
  for (int step = 0; step < 3; ++step) {
    set_gradients(params, step);
    first.step();
  }
  torch::save(first, (dir / "adam.pt").string());
  {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < params.size(); ++i)
      copy[i].copy_(params[i]);
  }
  FusedAdam resumed(copy, torch::optim::AdamOptions(0.05));
  torch::load(resumed, (dir / "adam.pt").string());
  for (int step = 3; step < 5; ++step) {
    set_gradients(params, step);
    set_gradients(copy, step);
    first.step();
    resumed.step();
  }
  for (size_t i = 0; i < params.size(); ++i)
    EXPECT_TRUE(torch::allclose(params[i], copy[i], 1e-6, 1e-6)) << "parameter " << i;
  EXPECT_EQ(state_of(resumed, copy[0]).step(), 5);
  torch::save(resumed, (dir / "fused.pt").string());
  torch::optim::Adam back(copy, torch::optim::AdamOptions(0.05));
  torch::load(back, (dir / "fused.pt").string());
  EXPECT_EQ(state_of(back, copy[0]).step(), 5);
}

}  // namespace
}  // namespace emoforget::train
