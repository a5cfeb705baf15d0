// The reference "Retrain": fine-tune the initial weights (--init) again on the
// remain set only, with the recipe the model itself was fine-tuned with (its
// report.json; retrain_recipe.h). It is what "never trained on the forget set"
// looks like, the yardstick of every audit; it reads the whole remain set.
#include <algorithm>

#include "common/comma_list.h"
#include "common/error.h"
#include "common/stopwatch.h"
#include "train/finetune.h"
#include "unlearn/method.h"
#include "unlearn/retrain_recipe.h"

namespace emoforget::unlearn {
namespace {

class RetrainMethod : public Method {
 public:
  void run(UnlearnContext& context) override {
    const UnlearnConfig& config = *context.config;
    const auto start = Clock::now();
    train::FinetuneConfig finetune;
    finetune.manifest = config.manifest;
    finetune.init = config.init;
    finetune.out = config.out;
    finetune.train_splits = config.train_splits;
    const bool trains_on_val = std::find(config.train_splits.begin(), config.train_splits.end(),
                                         "val") != config.train_splits.end();
    const bool has_val = !trains_on_val && !context.manifest->in_split("val").empty();
    finetune.val_split = has_val ? "val" : "";
    finetune.keep = has_val ? "best" : "last";
    finetune.epochs = kDefaultRetrainEpochs;
    finetune.run = config.run;
    context.report.recipe = apply_finetune_recipe(config.model_dir, finetune);
    if (config.settings.retrain_epochs > 0) finetune.epochs = config.settings.retrain_epochs;
    if (config.settings.retrain_lr > 0) finetune.lr = config.settings.retrain_lr;
    finetune.overwrite = config.overwrite;
    for (const data::Utterance* u : context.forget_utts)
      finetune.exclude_utt_ids.insert(u->utt_id);
    train::TrainedClassifier trained = train::train_classifier(finetune);
    train::remove_work_dir(finetune);
    // The audit compares it with the original class by class: the label order must match.
    const auto& labels = context.model->config().id2label;
    if (trained.model->config().id2label != labels) {
      throw Error("--method " + config.method + ": --init " + config.init.string() +
                  " gives the labels " + join_list(trained.model->config().id2label) +
                  ", the model " + config.model_dir.string() + " has " + join_list(labels) +
                  "; give the --init the model was fine-tuned from");
    }
    context.model = trained.model;
    context.model->to(config.run.device.torch_device());
    const nlohmann::json& steps = trained.report["steps"];
    context.report.steps = steps.value("total", int64_t{0});
    context.report.batch = steps.value("batch", int64_t{0});
    context.report.finetune = std::move(trained.report);
    context.report.train_seconds = seconds_since(start);
  }
};

}  // namespace

std::unique_ptr<Method> make_retrain_method() {
  return std::make_unique<RetrainMethod>();
}

}  // namespace emoforget::unlearn
