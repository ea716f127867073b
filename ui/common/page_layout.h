#pragma once

#include <initializer_list>

class QSplitter;
class QWidget;

namespace cnnwb::ui {

/// Widgets stacked top to bottom; the last one takes the spare height.
QWidget* column(std::initializer_list<QWidget*> widgets);

/// A tab's layout: the main view, and on its right a scrollable side panel in a splitter.
QSplitter* pageWithSidePanel(QWidget* main, QWidget* side, int mainStretch, int sideStretch);

} // namespace cnnwb::ui
