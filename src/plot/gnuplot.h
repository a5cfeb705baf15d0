// Running gnuplot (the gnuplot-nox package) as a subprocess on a script file.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace emoforget::plot {

// Runs `gnuplot -e "<name>='<value>'; ..." script` and waits for it. Throws
// emoforget::Error when gnuplot is missing or exits non-zero.
void run_gnuplot(const std::filesystem::path& script,
                 const std::map<std::string, std::string>& string_variables = {});

// A gnuplot single-quoted string literal ('it''s').
std::string gnuplot_quote(const std::string& text);

}  // namespace emoforget::plot
