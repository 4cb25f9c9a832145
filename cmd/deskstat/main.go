package main
import (
 _ "github.com/marcboeker/go-duckdb/v2"
 _ "github.com/spf13/cobra"
 _ "github.com/olekukonko/tablewriter"
 _ "github.com/go-echarts/go-echarts/v2/charts"
 _ "github.com/xuri/excelize/v2"
)
func main(){}
