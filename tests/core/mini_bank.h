#pragma once
// A bank of small modules for core tests: copies of tests/data/bank/m99-mini (two items, one
// point each, linear navigation) under other identifiers (not a test file: the build globs *.cpp).
#include <filesystem>
#include <string>
#include <vector>

#include "core_test_helpers.h"

namespace dlk::test {

inline std::filesystem::path makeMiniBank(const TempDir& dir, const std::vector<std::string>& ids) {
    const auto bank = dir.path() / "items";
    for (const auto& id : ids) {
        const auto folder = bank / id;
        std::filesystem::create_directories(folder);
        std::filesystem::copy(testData("bank/m99-mini"), folder, std::filesystem::copy_options::recursive);
        replaceInFile(folder / "module.nl.xml", "identifier=\"m99-mini\"", "identifier=\"" + id + "\"");
    }
    return bank;
}

}  // namespace dlk::test
