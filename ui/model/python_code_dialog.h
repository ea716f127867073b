#pragma once

#include <QDialog>

class QPlainTextEdit;

namespace cnnwb::ui {

/// "Show as PyTorch Code": the Python source of the current model, to copy or save.
class PythonCodeDialog : public QDialog {
    Q_OBJECT
public:
    explicit PythonCodeDialog(const QString& code, QWidget* parent = nullptr);

    [[nodiscard]] QString code() const;

private:
    QPlainTextEdit* m_text;
};

} // namespace cnnwb::ui
