import pytest

from dlkit.progress import in_notebook, keras_progress, progress


def test_outside_a_notebook_the_loop_is_unchanged():
    assert not in_notebook()
    assert list(progress(range(3), desc="x")) == [0, 1, 2]
    assert list(progress(total=2)) == [0, 1]


def test_errors():
    with pytest.raises(ValueError, match="neither"):
        progress()
    with pytest.raises(ValueError, match="epochs=0"):
        keras_progress(0)


@pytest.mark.slow          # over a second: `make test`, not `make check`
def test_notebook_bar_is_a_widget_not_stderr():
    """Run in a real kernel: the bar is display data, and nothing reaches stderr."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from dlkit.progress import progress\n"
                                          "total = sum(progress(range(50), desc='demo'))\nprint(total)")]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outs = nb.cells[0].outputs
    assert not [o for o in outs if o.get("name") == "stderr"], outs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outs), outs
    assert any(o.get("text", "").strip() == "1225" for o in outs)
