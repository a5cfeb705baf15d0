// `emoforget forget`: unlearn a forget set (paper Section 2) or run a baseline.
#include <iostream>

#include "cli/command.h"
#include "cli/method_flags.h"
#include "cli/run_flags.h"
#include "unlearn/class_recipe.h"
#include "unlearn/method_info.h"
#include "unlearn/method_pgd_defaults.h"
#include "unlearn/unlearn.h"

namespace emoforget::cli {
namespace {

// "adv-ewc: the paper's method ...; adv: ..." for --method's help.
std::string methods_help() {
  std::string text = "Unlearning method:";
  for (const unlearn::MethodInfo& info : unlearn::method_infos())
    text += "\n  " + info.name + ": " + info.summary;
  return text;
}

// "adv-ewc --m 2 --p 20 ..." for --forget-class's help.
std::string class_recipe_text() {
  unlearn::UnlearnConfig recipe;
  unlearn::use_class_recipe(recipe, {});
  std::string text = recipe.method + " --m " + std::to_string(recipe.settings.pgd.m) + " --p " +
                     std::to_string(recipe.settings.pgd.p);
  for (const std::string& flag : recipe.settings.variant.to_flags())
    text += " " + flag;
  return text + " --epochs " + std::to_string(recipe.settings.epochs);
}

}  // namespace

Command add_forget_command(CLI::App& parent) {
  auto c = std::make_shared<unlearn::UnlearnConfig>();
  Command command = make_command(
      parent, "forget",
      "Unlearn a forget set from a trained model (methods: " + unlearn::method_names_text() + ")");
  CLI::App* app = command.app;
  app->add_option("--model", c->model_dir, "Trained model (Hugging Face directory); not modified")
      ->required();
  app->add_option("--manifest", c->manifest, "Manifest CSV the model was trained from")->required();
  app->add_option("--out", c->out, "Output directory for the unlearned model + report.json")
      ->required();
  app->add_option("--method", c->method, methods_help());
  app->add_option("--forget-file", c->forget.file, "CSV/list of utt_ids or paths to forget");
  app->add_option("--forget-speaker", c->forget.speaker,
                  "Forget all training utterances of a speaker");
  app->add_option("--forget-random", c->forget.random, "Forget N random training utterances");
  app->add_option("--forget-class", c->forget.label,
                  "Forget every training utterance of one emotion (class unlearning). Without "
                  "--method: " +
                      class_recipe_text() + ", chosen on validation over three seeds");
  app->add_option("--forget-attribute", c->forget.attribute,
                  "Forget an attribute of the speech (a manifest column: gender) from the pooled "
                  "embedding (method " +
                      unlearn::attribute_method().name + ")");
  app->add_option(
      "--init", c->init,
      unlearn::reference_method().name + ": the checkpoint the model was fine-tuned from");
  add_list_flag(app, "--train-splits", c->train_splits, "Splits the model was trained on");
  add_list_flag(app, "--eval-splits", c->eval_splits,
                "Held-out splits scored before and after (\"\" = none)");
  app->add_option("--pgd-cache", c->pgd_cache,
                  "Reuse adversarial sets across runs (same model, forget set, seed, M, P, tau): "
                  "stored in this folder");
  MethodFlagChoice choice;
  choice.retrain = true;
  choice.own_attack = true;
  add_method_flags(app, c->settings, choice);
  app->add_option("--until-split", c->until_split,
                  "The held-out split --until heldout[-confidence] scores and --lambda-heldout "
                  "distils on (not a training split)");
  RunFlagText text;
  text.max_seconds = kModelClipHelp;
  add_run_flags(app, c->run, kAllRunFlags, text);
  app->add_option("--key", c->key,
                  "The request key the forget set's ids are hashed with (HMAC-SHA256) in the "
                  "report; created on first use; keep it outside every model (default "
                  "$EMOFORGET_KEY, else ~/.config/emoforget/request.key)");
  app->add_option("--request-id", c->request_id,
                  "Name of this deletion request in the model's lineage (default: derived from "
                  "the hashed forget set)");
  app->add_flag("--again", c->again,
                "Run a request the model already went through (refused by default)");
  app->add_flag("--overwrite", c->overwrite, "Replace an existing --out");
  auto report_path = add_report_flag(app);
  command.output = [c] { return std::filesystem::path(c->out); };
  command.after_interrupt =
      "nothing was written to --out; rerun the same command (with --pgd-cache DIR the adversarial "
      "set, once made, is kept for the rerun)";
  command.run = [c, report_path, app] {
    // An attribute request has its own method unless one is named.
    if (app->count("--method") == 0 && !c->forget.attribute.empty())
      c->method = unlearn::attribute_method().name;
    // So has a class request (the recipe's settings unless named).
    const unlearn::NamedPgdSettings named{app->count("--m") > 0, app->count("--p") > 0};
    if (app->count("--method") == 0 && !c->forget.label.empty())
      unlearn::use_class_recipe(*c, {named, app->count("--epochs") > 0});
    // And the recommended method its own attack size.
    unlearn::use_method_pgd_defaults(*c, named);
    print_report(unlearn::run_unlearning(*c), *report_path);
  };
  command.distributed = true;
  return command;
}

}  // namespace emoforget::cli
