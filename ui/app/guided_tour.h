#pragma once

#include <QPointer>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QPushButton;

namespace cnnwb::ui {

/// An in-app walkthrough over the main window: each step dims everything but one panel, and a
/// bubble beside it says what the panel is for. Next / Back / Skip; Escape skips.
class GuidedTour : public QWidget {
    Q_OBJECT
public:
    struct Step {
        std::function<void()> prepare;    ///< e.g. switch to the tab the panel is on
        std::function<QWidget*()> target; ///< the panel to highlight (nullptr: none)
        QString title;
        QString text;
    };

    GuidedTour(QWidget* window, std::vector<Step> steps);

    void start();
    [[nodiscard]] int currentStep() const noexcept { return m_step; }
    [[nodiscard]] int stepCount() const noexcept { return static_cast<int>(m_steps.size()); }
    [[nodiscard]] QPushButton* nextButton() const { return m_next; }
    [[nodiscard]] QPushButton* skipButton() const { return m_skip; }
    [[nodiscard]] QString currentTitle() const;
    /// The highlighted rectangle, in this widget's coordinates (empty: none).
    [[nodiscard]] QRect highlight() const noexcept { return m_highlight; }

Q_SIGNALS:
    void finished(bool completed);

protected:
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void show(int step);
    void place();
    void end(bool completed);

    std::vector<Step> m_steps;
    int m_step = -1;
    QRect m_highlight;
    QWidget* m_bubble;
    QLabel* m_title;
    QLabel* m_text;
    QLabel* m_counter;
    QPushButton* m_back;
    QPushButton* m_next;
    QPushButton* m_skip;
};

} // namespace cnnwb::ui
