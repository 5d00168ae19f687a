"""The least any Streamlit app costs: one slider and one tiny Plotly chart (the benchmark's floor)."""

import plotly.graph_objects as go
import streamlit as st

a = st.slider("a", 0.0, 5.0, 1.0, 0.1, key="a")
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, a, 2 * a])), key="floor_chart")
