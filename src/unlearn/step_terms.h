// A step's loss as the methods write it: a weighted sum of mean cross-entropies, each
// over a batch of rows of one set (the forget set with its wrong labels, the
// adversarial set with its targets, ...), from one forward pass over all the rows,
// plus terms of the model alone (the EWC penalty). A term may also match a teacher's
// output distribution on its rows: weight_kl * mean KL(teacher || f) (distillation; with
// weight 0, the KL alone: soft wrong labels). A term may instead lower its rows' true
// classes below the best other class (a hinge; --wrong-labels lower).
//
// In a distributed run the step is data-parallel: each rank forwards its contiguous
// share of every term's rows, with dropout drawn for the whole step
// (model/batch_shard.h), and returns its part of the sum (each term's per-row losses
// divided by the term's full batch size; the model's terms on rank 0 alone), which
// the gradient all-reduce completes. A rank with no rows returns an undefined loss.
#pragma once

#include <vector>

#include <torch/types.h>

#include "unlearn/method.h"

namespace emoforget::unlearn {

struct MeanTerm {
  const torch::Tensor* waves = nullptr;   // (N, T) on the CPU
  const torch::Tensor* labels = nullptr;  // (N) the rows' targets
  torch::Tensor index;                    // (B) the batch's rows
  double weight = 1.0;
  const torch::Tensor* teacher = nullptr;  // (N, C) probabilities of the rows; null = none
  double weight_kl = 0.0;
  // The term's loss is true_class_hinge of `labels` (then the true ones) instead of the
  // cross-entropy to them (--wrong-labels lower).
  bool hinge = false;
};

// sum_t weight_t * mean_{i in index_t} CE(f(waves_t[i]), labels_t[i])
//   + weight_kl_t * mean_{i in index_t} KL(teacher_t[i] || softmax f(waves_t[i]))
// (this rank's part).
torch::Tensor mean_terms_loss(UnlearnContext& context, const std::vector<MeanTerm>& terms);

// `loss` + `term`, counting a term of the model alone once over the ranks.
torch::Tensor add_model_term(const torch::Tensor& loss, const torch::Tensor& term);

}  // namespace emoforget::unlearn
