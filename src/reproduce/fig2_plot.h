// The paper's Fig. 2: validation UAR of Adv. and Adv. + Ela. over the PGD radius
// tau, one panel per forget-set size N (train-val setting), as CSV and as a PNG
// drawn by gnuplot.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "reproduce/records.h"

namespace emoforget::reproduce {

struct Fig2Point {
  std::string method;  // adv | adv-ewc
  int64_t n = 0;
  double tau = 0.0;
  MeanStd val_uar;  // over seeds
};

// Points of the train-val records of the proposed methods, ordered by N, method, tau.
std::vector<Fig2Point> build_fig2(const std::vector<RunRecord>& records);

std::string fig2_csv(const std::vector<Fig2Point>& points);

// A self-contained gnuplot script (data inline) drawing one panel per N; it
// writes the PNG named by the gnuplot variable `outfile` (default fig2.png).
std::string fig2_gnuplot_script(const std::vector<Fig2Point>& points);

// Writes `script` and renders `png` atomically through gnuplot. `points` must
// not be empty.
void render_fig2(const std::vector<Fig2Point>& points, const std::filesystem::path& script,
                 const std::filesystem::path& png);

}  // namespace emoforget::reproduce
