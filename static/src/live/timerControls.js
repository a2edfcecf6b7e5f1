// The console's timer form: one form, a button per action.
export const timerCollectors = {
  "timer.start": (form) => {
    const data = { purpose: form.elements.purpose.value };
    const minutes = form.elements.minutes.value.trim();
    if (minutes) {
      const seconds = Math.round(Number(minutes) * 60);
      if (!Number.isFinite(seconds) || seconds < 1) throw new Error("Give the minutes as a number, like 5 or 2.5.");
      data.seconds = seconds;
    }
    if (form.elements.label.value.trim()) data.label = form.elements.label.value;
    return data;
  },
  "timer.pause": () => ({}),
  "timer.extend": (_form, submitter) => ({ seconds: Number(submitter.dataset.seconds) }),
  "timer.reset": () => ({}),
};
