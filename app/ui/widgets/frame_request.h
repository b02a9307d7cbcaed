#pragma once
// Frames without input. The kiosk sleeps until input arrives (App::wakeupSeconds); a widget that
// moves by itself (the block editor running a program, one step every 0.3 s) asks for the next
// frame while it draws, and the platform wakes for it.
namespace dlk::ui {

// Called by App::drawFrame before anything is drawn: forgets the last frame's requests.
void beginFrameRequests();
// Asks for another frame within `seconds` (at least 0).
void requestFrameWithin(double seconds);
// The earliest request made since beginFrameRequests, or a negative number when none was.
double requestedFrameWithin();

}  // namespace dlk::ui
