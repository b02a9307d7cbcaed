#pragma once
#include <imgui.h>

namespace dlk::ui {

// A borderless window filling the viewport; every screen draws inside one.
void beginScreen(const char* id);
void endScreen();
// A centred column of at most `maxWidthEm` em (about 70 characters at 38 em), for forms and text.
float centeredColumn(float maxWidthEm);
bool escapePressed();
bool enterPressed();

}  // namespace dlk::ui
