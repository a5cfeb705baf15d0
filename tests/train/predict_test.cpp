// Inference on audio files: the predict library (batching, softmax, errors naming the file)
// and the `emoforget predict` subcommand, with a fixture model and WAV files written here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include <nlohmann/json.hpp>

#include "audio/write_wav.h"
#include "common/error.h"
#include "model/checkpoint.h"
#include "support/test_support.h"
#include "train/predict.h"
#include "train/prediction_report.h"

namespace emoforget::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kLabels = {"angry", "happy", "neutral", "sad"};

fs::path model_dir() {
  return fixture("model/w2v2_base");
}

// A deterministic tone mixture of `seconds` at 16 kHz.
fs::path write_tone(const TempDir& tmp, const std::string& name, double seconds, double hz) {
  const int rate = 16000;
  std::vector<float> samples(static_cast<size_t>(seconds * rate));
  for (size_t i = 0; i < samples.size(); ++i) {
    const double t = static_cast<double>(i) / rate;
    samples[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * hz * t) +
                                    0.2 * std::sin(2 * M_PI * 3.1 * hz * t + 0.3));
  }
  const auto path = tmp / name;
  audio::write_wav(path, samples, rate);
  return path;
}

// Logits of one file computed directly: audio front end, then the model's forward.
std::vector<float> direct_logits(model::SequenceClassifier& model, const fs::path& file,
                                 double max_seconds = 0) {
  train::PredictConfig config;
  config.run.max_seconds = max_seconds;
  auto waveform = audio::load_utterance(file, config.audio_config());
  const auto input = torch::tensor(waveform.samples).unsqueeze(0);
  torch::NoGradGuard no_grad;
  model->eval();
  const auto logits = model->forward(input).contiguous();
  return {logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel()};
}

void expect_near(const std::vector<float>& a, const std::vector<float>& b, double tolerance,
                 const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i], b[i], tolerance) << what << " [" << i << "]";
}

std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no emoforget::Error thrown";
  return "";
}

TEST(Predict, MatchesDirectForwardWhateverTheBatching) {
  TempDir tmp;
  const std::vector<fs::path> files = {
      write_tone(tmp, "a.wav", 0.25, 440), write_tone(tmp, "b.wav", 0.25, 210),
      write_tone(tmp, "c.wav", 0.30, 330), write_tone(tmp, "d.wav", 0.25, 150)};
  auto model = model::load_model(model_dir());
  train::PredictConfig config;
  config.run.batch = 2;
  const auto predictions = train::predict_files(model, files, config);
  ASSERT_EQ(predictions.size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& p = predictions[i];
    EXPECT_EQ(p.file, files[i].string());
    expect_near(p.logits, direct_logits(model, files[i]), 1e-5, p.file);
    ASSERT_EQ(p.probabilities.size(), kLabels.size());
    const double total = std::accumulate(p.probabilities.begin(), p.probabilities.end(), 0.0);
    EXPECT_NEAR(total, 1.0, 1e-6);
    for (size_t c = 0; c < kLabels.size(); ++c) {
      EXPECT_GT(p.probabilities[c], 0.0f);
      EXPECT_LE(p.probabilities[c], p.probabilities[p.label_id]);  // label = argmax
    }
    EXPECT_EQ(p.label, kLabels[p.label_id]);
  }
  // the tones differ, so their logits do too
  EXPECT_NE(predictions[0].logits, predictions[1].logits);
}

TEST(Predict, MaxSecondsCropsAndPads) {
  TempDir tmp;
  const auto long_file = write_tone(tmp, "long.wav", 0.5, 440);
  const auto short_file = write_tone(tmp, "short.wav", 0.1, 440);
  auto model = model::load_model(model_dir());
  train::PredictConfig config;
  config.run.max_seconds = 0.2;
  const auto predictions = train::predict_files(model, {long_file, short_file}, config);
  ASSERT_EQ(predictions.size(), 2u);
  expect_near(predictions[0].logits, direct_logits(model, long_file, 0.2), 1e-5, "long");
  expect_near(predictions[1].logits, direct_logits(model, short_file, 0.2), 1e-5, "short");
  // cropping to 0.2 s changes the result of the 0.5 s file
  const auto full = direct_logits(model, long_file);
  EXPECT_GT(
      std::abs(full[0] - predictions[0].logits[0]) + std::abs(full[1] - predictions[0].logits[1]),
      1e-6);
}

TEST(Predict, ErrorsNameTheFile) {
  TempDir tmp;
  auto model = model::load_model(model_dir());
  const auto text = tmp / "notes.wav";
  write_text(text, "not audio at all");
  const auto tiny = write_tone(tmp, "tiny.wav", 0.0005, 440);  // 8 samples: no frame
  train::PredictConfig config;
  EXPECT_NE(error_of([&] { train::predict_files(model, {text}, config); }).find("notes.wav"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              train::predict_files(model, {tmp / "absent.wav"}, config);
            }).find("absent.wav"),
            std::string::npos);
  const auto too_short = error_of([&] { train::predict_files(model, {tiny}, config); });
  EXPECT_NE(too_short.find("tiny.wav"), std::string::npos) << too_short;
  EXPECT_NE(too_short.find("too short"), std::string::npos) << too_short;
}

TEST(Predict, ConfigValidationNamesTheField) {
  train::PredictConfig config;
  config.run.batch = 0;
  EXPECT_NE(error_of([&] { config.validate(); }).find("--batch-size"), std::string::npos);
  config.run.batch = 1;
  config.run.max_seconds = -1;
  EXPECT_NE(error_of([&] { config.validate(); }).find("--max-seconds"), std::string::npos);
}

TEST(Predict, ReportFormsHoldEveryLabel) {
  train::Prediction p;
  p.file = "x.wav";
  p.label_id = 2;
  p.label = "neutral";
  p.probabilities = {0.1f, 0.2f, 0.6f, 0.1f};
  p.logits = {-1.0f, 0.5f, 1.5f, -0.25f};
  const auto json = train::predictions_to_json({p}, kLabels);
  EXPECT_EQ(json.at("labels").get<std::vector<std::string>>(), kLabels);
  const auto& row = json.at("predictions").at(0);
  EXPECT_EQ(row.at("label"), "neutral");
  EXPECT_EQ(row.at("label_id"), 2);
  EXPECT_FLOAT_EQ(row.at("probabilities").at("neutral").get<float>(), 0.6f);
  EXPECT_FLOAT_EQ(row.at("logits").at("sad").get<float>(), -0.25f);

  const auto table = train::predictions_table({p}, kLabels);
  EXPECT_NE(table.find("p(angry)"), std::string::npos) << table;
  EXPECT_NE(table.find("logit(sad)"), std::string::npos) << table;
  EXPECT_NE(table.find("x.wav"), std::string::npos) << table;
  EXPECT_NE(table.find("0.6000"), std::string::npos) << table;
  EXPECT_NE(table.find("-0.2500"), std::string::npos) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 2);
}

TEST(PredictCli, JsonMatchesTheLibrary) {
  TempDir tmp;
  const auto a = write_tone(tmp, "a.wav", 0.25, 440);
  const auto b = write_tone(tmp, "b.wav", 0.3, 200);
  const auto result =
      run_cli({"predict", "--model", model_dir().string(), "--json", a.string(), b.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json.at("labels").get<std::vector<std::string>>(), kLabels);
  ASSERT_EQ(json.at("predictions").size(), 2u);

  auto model = model::load_model(model_dir());
  const std::vector<fs::path> files = {a, b};
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& row = json.at("predictions").at(i);
    EXPECT_EQ(row.at("file"), files[i].string());
    const auto expected = direct_logits(model, files[i]);
    std::vector<float> logits;
    for (const auto& label : kLabels)
      logits.push_back(row.at("logits").at(label).get<float>());
    expect_near(logits, expected, 1e-5, files[i].string());
    const auto best = std::max_element(logits.begin(), logits.end()) - logits.begin();
    EXPECT_EQ(row.at("label"), kLabels[best]);
  }
}

TEST(PredictCli, TextTableByDefault) {
  TempDir tmp;
  const auto a = write_tone(tmp, "a.wav", 0.25, 440);
  const auto result =
      run_cli({"predict", "--model", model_dir().string(), "--max-seconds", "0.2", a.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("p(neutral)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("a.wav"), std::string::npos) << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 2) << result.out;
}

TEST(PredictCli, ErrorsNameTheFileAndExitNonZero) {
  TempDir tmp;
  const auto a = write_tone(tmp, "a.wav", 0.25, 440);
  const auto missing_model =
      run_cli({"predict", "--model", (tmp / "no_model").string(), a.string()});
  EXPECT_EQ(missing_model.exit_code, 1);
  EXPECT_NE(missing_model.err.find("no_model"), std::string::npos) << missing_model.err;

  const auto bad = tmp / "broken.flac";
  write_text(bad, "garbage");
  const auto bad_audio = run_cli({"predict", "--model", model_dir().string(), bad.string()});
  EXPECT_EQ(bad_audio.exit_code, 1);
  EXPECT_NE(bad_audio.err.find("broken.flac"), std::string::npos) << bad_audio.err;
  EXPECT_TRUE(bad_audio.out.empty()) << bad_audio.out;

  EXPECT_NE(run_cli({"predict", "--model", model_dir().string()}).exit_code, 0);
  EXPECT_NE(run_cli({"predict", "--model", model_dir().string(), "--max-seconds", "-1", a.string()})
                .exit_code,
            0);
}

}  // namespace
}  // namespace emoforget::testing
